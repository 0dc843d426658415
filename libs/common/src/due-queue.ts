/**
 * Runner ids by the time their next status transition may be due (a binary min-heap). An id
 * rescheduled leaves its older entries behind; they are recognised and skipped when they surface.
 */
export class DueQueue {
  private readonly heap: [due: number, id: number][] = [];
  private readonly latest = new Map<number, number>();

  schedule(id: number, due: number): void {
    this.latest.set(id, due);
    this.heap.push([due, id]);
    this.siftUp(this.heap.length - 1);
  }

  unschedule(id: number): void {
    this.latest.delete(id);
  }

  /** When `id` is next due, if it is scheduled. */
  dueOf(id: number): number | undefined {
    return this.latest.get(id);
  }

  clear(): void {
    this.latest.clear();
    this.heap.length = 0;
  }

  /** Ids whose latest due time is at or before `now`, removed from the queue. */
  takeDue(now: number): number[] {
    const due: number[] = [];
    while (this.heap.length > 0 && this.heap[0][0] <= now) {
      const [time, id] = this.pop();
      if (this.latest.get(id) !== time) continue;
      this.latest.delete(id);
      due.push(id);
    }
    return due;
  }

  get size(): number {
    return this.latest.size;
  }

  private pop(): [number, number] {
    const top = this.heap[0];
    const last = this.heap.pop()!;
    if (this.heap.length > 0) {
      this.heap[0] = last;
      this.siftDown(0);
    }
    return top;
  }

  private siftUp(index: number): void {
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (this.heap[parent][0] <= this.heap[index][0]) return;
      [this.heap[parent], this.heap[index]] = [this.heap[index], this.heap[parent]];
      index = parent;
    }
  }

  private siftDown(index: number): void {
    for (;;) {
      const left = 2 * index + 1;
      const right = left + 1;
      let smallest = index;
      if (left < this.heap.length && this.heap[left][0] < this.heap[smallest][0]) smallest = left;
      if (right < this.heap.length && this.heap[right][0] < this.heap[smallest][0]) smallest = right;
      if (smallest === index) return;
      [this.heap[smallest], this.heap[index]] = [this.heap[index], this.heap[smallest]];
      index = smallest;
    }
  }
}
