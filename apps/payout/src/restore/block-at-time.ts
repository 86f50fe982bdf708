/**
 * The newest block stamped at or before `time`, given the solidified head and a way to read a
 * block's timestamp. It steps back from the head by doubling distances, then halves the last
 * step, so it reads about 2 log2(distance) headers and only recent blocks (a node that prunes
 * old blocks still answers). Block timestamps only grow with the height.
 */
export async function blockAtOrBefore(time: number, head: { number: number; timestamp: number }, timeOf: (n: number) => Promise<number>): Promise<number> {
  if (head.timestamp <= time) return head.number;
  // Invariant: blocks `hi` and above are stamped after `time`; `lo` at or before it.
  let hi = head.number;
  let lo = -1;
  for (let step = 1; ; step *= 2) {
    const n = Math.max(0, head.number - step);
    if ((await timeOf(n)) <= time) {
      lo = n;
      break;
    }
    hi = n;
    if (n === 0) return 0; // before the first block: search from it
  }
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if ((await timeOf(mid)) <= time) lo = mid;
    else hi = mid;
  }
  return lo;
}
