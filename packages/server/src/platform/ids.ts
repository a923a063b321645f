import { randomFillSync } from 'node:crypto';
import { V7Generator } from 'uuidv7';

/**
 * Random words for ids, drawn from the system CSPRNG a thousand at a time: the library's own
 * source refills every eight words, and one call into the CSPRNG costs more than the rest of an id.
 */
class PooledRandom {
  private readonly words = new Uint32Array(1024);
  private next = this.words.length;

  nextUint32(): number {
    if (this.next === this.words.length) {
      randomFillSync(this.words);
      this.next = 0;
    }
    return this.words[this.next++]!;
  }
}

const generator = new V7Generator(new PooledRandom());

/** UUIDv7: time-ordered, so ids sort by creation and stay unique across federated nodes. */
export const newId = (): string => generator.generate().toString();
