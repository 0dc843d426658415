/**
 * Ids (non-negative integers, such as runner ids) by the time they are next due: a binary min-heap
 * in typed arrays, about 12 bytes an entry plus 8 per id, where arrays of [due, id] pairs and a Map
 * took some 100 bytes (two of these queues cover every runner of a fleet). An id rescheduled
 * leaves its older entries behind; they are recognised and skipped when they surface.
 */
export class DueQueue {
  private dues = new Float64Array(1024);
  private ids = new Uint32Array(1024);
  private length = 0;
  /** The latest due time of each id, NaN when it is not scheduled. */
  private latest = new Float64Array(1024).fill(NaN);
  private scheduled = 0;

  schedule(id: number, due: number): void {
    if (id >= this.latest.length) this.latest = grown(this.latest, id + 1, NaN);
    if (Number.isNaN(this.latest[id])) this.scheduled++;
    this.latest[id] = due;
    if (this.length === this.dues.length) {
      this.dues = grown(this.dues, this.length + 1, 0);
      this.ids = grown(this.ids, this.length + 1, 0);
    }
    this.dues[this.length] = due;
    this.ids[this.length] = id;
    this.siftUp(this.length++);
  }

  unschedule(id: number): void {
    if (id < this.latest.length && !Number.isNaN(this.latest[id])) {
      this.latest[id] = NaN;
      this.scheduled--;
    }
  }

  /** When `id` is next due, if it is scheduled. */
  dueOf(id: number): number | undefined {
    const due = id < this.latest.length ? this.latest[id] : NaN;
    return Number.isNaN(due) ? undefined : due;
  }

  /** Ids whose latest due time is at or before `now`, removed from the queue. */
  takeDue(now: number): number[] {
    const due: number[] = [];
    while (this.length > 0 && this.dues[0] <= now) {
      const [time, id] = [this.dues[0], this.ids[0]];
      this.pop();
      if (this.latest[id] !== time) continue;
      this.unschedule(id);
      due.push(id);
    }
    return due;
  }

  get size(): number {
    return this.scheduled;
  }

  clear(): void {
    this.length = 0;
    this.latest.fill(NaN);
    this.scheduled = 0;
  }

  private pop(): void {
    this.length--;
    if (this.length === 0) return;
    this.dues[0] = this.dues[this.length];
    this.ids[0] = this.ids[this.length];
    this.siftDown(0);
  }

  private siftUp(index: number): void {
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (this.dues[parent] <= this.dues[index]) return;
      this.swap(parent, index);
      index = parent;
    }
  }

  private siftDown(index: number): void {
    for (;;) {
      const left = 2 * index + 1;
      const right = left + 1;
      let smallest = index;
      if (left < this.length && this.dues[left] < this.dues[smallest]) smallest = left;
      if (right < this.length && this.dues[right] < this.dues[smallest]) smallest = right;
      if (smallest === index) return;
      this.swap(smallest, index);
      index = smallest;
    }
  }

  private swap(a: number, b: number): void {
    [this.dues[a], this.dues[b]] = [this.dues[b], this.dues[a]];
    [this.ids[a], this.ids[b]] = [this.ids[b], this.ids[a]];
  }
}

/** A copy at least `minimum` long (doubling), the new part filled with `fill`. */
function grown<T extends Float64Array | Uint32Array>(array: T, minimum: number, fill: number): T {
  let length = array.length * 2;
  while (length < minimum) length *= 2;
  const copy = new (array.constructor as new (length: number) => T)(length);
  copy.set(array);
  copy.fill(fill, array.length);
  return copy;
}
