// Watches the main thread while a test runs: the longest stretch it ran without returning to the event loop
// (measured in the thread's own CPU time, so a busy shared machine does not count as blocking) and the peak RSS.
import { existsSync, readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';

/** What {@link watchMainThread} saw between start and `stop()`. */
export interface MainThreadReport {
  /** Most main-thread CPU time (ms) spent between two consecutive timer ticks: the longest block of the event loop. */
  maxBlockCpuMs: number;
  /** Longest wall-clock event-loop delay (ms) from `monitorEventLoopDelay`; includes time the machine ran others. */
  maxDelayWallMs: number;
  /** Peak resident set size in bytes. */
  peakRssBytes: number;
  /** RSS in bytes when the watch started. */
  startRssBytes: number;
  /** Timer ticks seen (a few per 10 ms while the loop is free). */
  ticks: number;
}

/**
 * Starts sampling every `intervalMs` (ms); `stop()` ends it and returns the report (the same one when called again). Reads the main thread's on-CPU time from
 * `/proc/self/task/<pid>/schedstat` (first field, ns; Linux with CONFIG_SCHED_INFO).
 * @throws when that file does not exist (not Linux, or a kernel without schedstat), saying so.
 */
export function watchMainThread(intervalMs = 5): { stop(): MainThreadReport } {
  const statPath = `/proc/self/task/${process.pid}/schedstat`;
  if (!existsSync(statPath))
    throw new Error(
      `${statPath} is missing: this test needs Linux with schedstat (CONFIG_SCHED_INFO) to measure blocking.`,
    );
  const cpuNs = () => Number(readFileSync(statPath, 'utf8').split(' ')[0]);
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const startRssBytes = process.memoryUsage.rss();
  let peakRssBytes = startRssBytes;
  let last = cpuNs();
  let maxBlockNs = 0;
  let ticks = 0;
  const sample = () => {
    const now = cpuNs();
    maxBlockNs = Math.max(maxBlockNs, now - last);
    last = now;
    peakRssBytes = Math.max(peakRssBytes, process.memoryUsage.rss());
    ticks++;
  };
  const timer = setInterval(sample, intervalMs);
  let report: MainThreadReport | undefined;
  return {
    stop() {
      if (report) return report;
      clearInterval(timer);
      sample();
      delay.disable();
      return (report = {
        maxBlockCpuMs: maxBlockNs / 1e6,
        maxDelayWallMs: delay.max / 1e6,
        peakRssBytes,
        startRssBytes,
        ticks,
      });
    },
  };
}
