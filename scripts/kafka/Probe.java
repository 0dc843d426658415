// Readiness probe for scripts/kafka/start.sh, run with Java's single-file source launcher:
//   java -cp '<kafka lib>/*' scripts/kafka/Probe.java <bootstrap> <timeout seconds>
// Succeeds (exit 0) once the broker answers metadata requests, can create (and delete) a topic and
// has a group coordinator.
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

public class Probe {
  public static void main(String[] args) throws Exception {
    String bootstrap = args[0];
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Long.parseLong(args[1]));
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
    Exception last = null;
    try (Admin admin = Admin.create(props)) {
      while (System.nanoTime() < deadline) {
        String topic = "__readiness_probe_" + System.currentTimeMillis();
        try {
          admin.describeCluster().nodes().get(10, TimeUnit.SECONDS);
          admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(10, TimeUnit.SECONDS);
          admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS);
          // An idempotent send: warms the producer-id allocation (InitProducerId otherwise answers
          // COORDINATOR_LOAD_IN_PROGRESS to the first idempotent client for a while after start-up).
          produceOne(bootstrap, topic);
          admin.deleteTopics(List.of(topic)).all().get(10, TimeUnit.SECONDS);
          // Also wait for the group coordinator (creates __consumer_offsets), so that the first consumer
          // group of a test run does not start with COORDINATOR_NOT_AVAILABLE retries.
          admin.listConsumerGroupOffsets("__readiness_probe").partitionsToOffsetAndMetadata().get(20, TimeUnit.SECONDS);
          System.out.println("kafka ready at " + bootstrap);
          return;
        } catch (Exception e) {
          last = e;
          Thread.sleep(500);
        }
      }
    }
    System.err.println("kafka not ready at " + bootstrap + ": " + last);
    System.exit(1);
  }

  private static void produceOne(String bootstrap, String topic) throws Exception {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "15000");
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "15000");
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
      producer.send(new ProducerRecord<>(topic, "probe", "probe")).get(20, TimeUnit.SECONDS);
    }
  }
}
