/**
 * Kafka's sampled statistics (org.apache.kafka.common.metrics.stats): a value is measured over
 * `numSamples` windows of `sampleWindowMs` each (the worker's `metrics.sample.window.ms`, 30 s,
 * and `metrics.num.samples`, 2). Recording is O(1) and allocation-free so tasks can record on
 * their loop; measuring happens only when someone looks (a scrape, a progress line).
 */

/** The worker's `metrics.sample.window.ms` and `metrics.num.samples`. */
export interface MetricConfig {
  readonly sampleWindowMs: number;
  readonly numSamples: number;
}

export const DEFAULT_METRIC_CONFIG: MetricConfig = { sampleWindowMs: 30_000, numSamples: 2 };

/** Reads the two keys from a worker config, falling back to Kafka's defaults. */
export function metricConfigFrom(config: Readonly<Record<string, string>>): MetricConfig {
  const read = (key: string, fallback: number): number => {
    const n = Number(config[key]?.trim());
    return config[key] === undefined || !Number.isFinite(n) || n <= 0 ? fallback : n;
  };
  return {
    sampleWindowMs: read('metrics.sample.window.ms', DEFAULT_METRIC_CONFIG.sampleWindowMs),
    numSamples: Math.trunc(read('metrics.num.samples', DEFAULT_METRIC_CONFIG.numSamples)),
  };
}

interface Sample {
  value: number;
  count: number;
  startMs: number;
  lastEventMs: number;
}

export type Combine = 'sum' | 'max' | 'avg';

/**
 * One statistic over rotating samples. As in Kafka, one extra sample is kept so that a window
 * that started before the measured span but overlaps it still counts, and samples with no event
 * within `numSamples × sampleWindowMs` are reset when measured.
 */
export class SampledStat {
  private readonly samples: Sample[] = [];
  private current = 0;

  constructor(
    private readonly kind: Combine,
    private config: MetricConfig = DEFAULT_METRIC_CONFIG,
  ) {}

  /** Changes the window before anything was recorded (the worker's config is known late). */
  configure(config: MetricConfig): void {
    this.config = config;
  }

  record(value: number, nowMs: number): void {
    let sample = this.currentSample(nowMs);
    if (nowMs - sample.startMs >= this.config.sampleWindowMs) sample = this.advance(nowMs);
    if (this.kind === 'max')
      sample.value = sample.count === 0 ? value : Math.max(sample.value, value);
    else sample.value += value;
    sample.count += 1;
    sample.lastEventMs = nowMs;
  }

  /** Sum, max or average of the live samples; NaN for max/avg with no event (as Kafka). */
  measure(nowMs: number): number {
    this.purge(nowMs);
    let total = 0;
    let count = 0;
    let max = Number.NEGATIVE_INFINITY;
    for (const s of this.samples) {
      total += s.value;
      count += s.count;
      if (s.count > 0 && s.value > max) max = s.value;
    }
    if (this.kind === 'sum') return total;
    if (count === 0) return Number.NaN;
    return this.kind === 'max' ? max : total / count;
  }

  /** Number of events in the live samples. */
  eventCount(nowMs: number): number {
    this.purge(nowMs);
    let count = 0;
    for (const s of this.samples) count += s.count;
    return count;
  }

  /**
   * The span a rate divides by: from the start of the oldest live sample to now, stretched to at
   * least `numSamples − 1` full windows so a young or idle stat does not report a burst as a
   * huge rate (Kafka's Rate.windowSize).
   */
  windowSizeMs(nowMs: number): number {
    this.purge(nowMs);
    const oldest = this.oldest(nowMs);
    let elapsed = nowMs - oldest.startMs;
    const fullWindows = Math.floor(elapsed / this.config.sampleWindowMs);
    const minFullWindows = this.config.numSamples - 1;
    if (fullWindows < minFullWindows)
      elapsed += (minFullWindows - fullWindows) * this.config.sampleWindowMs;
    return elapsed;
  }

  private currentSample(nowMs: number): Sample {
    if (this.samples.length === 0) this.samples.push(newSample(nowMs));
    return this.samples[this.current]!;
  }

  private advance(nowMs: number): Sample {
    const max = this.config.numSamples + 1;
    this.current = (this.current + 1) % max;
    if (this.current >= this.samples.length) {
      const s = newSample(nowMs);
      this.samples.push(s);
      return s;
    }
    const s = this.samples[this.current]!;
    resetSample(s, nowMs);
    return s;
  }

  private oldest(nowMs: number): Sample {
    if (this.samples.length === 0) this.samples.push(newSample(nowMs));
    let oldest = this.samples[0]!;
    for (const s of this.samples) if (s.startMs < oldest.startMs) oldest = s;
    return oldest;
  }

  private purge(nowMs: number): void {
    const expireAge = this.config.numSamples * this.config.sampleWindowMs;
    for (const s of this.samples) if (nowMs - s.lastEventMs >= expireAge) resetSample(s, nowMs);
  }
}

function newSample(nowMs: number): Sample {
  return { value: 0, count: 0, startMs: nowMs, lastEventMs: nowMs };
}

function resetSample(s: Sample, nowMs: number): void {
  s.value = 0;
  s.count = 0;
  s.startMs = nowMs;
  s.lastEventMs = nowMs;
}

/** Kafka's Rate: the windowed sum of recorded values per second. */
export class Rate {
  private readonly stat: SampledStat;

  constructor(config?: MetricConfig) {
    this.stat = new SampledStat('sum', config);
  }

  configure(config: MetricConfig): void {
    this.stat.configure(config);
  }

  record(value: number, nowMs: number): void {
    this.stat.record(value, nowMs);
  }

  /** Per second. */
  measure(nowMs: number): number {
    const sum = this.stat.measure(nowMs);
    const windowMs = this.stat.windowSizeMs(nowMs);
    return windowMs <= 0 ? 0 : sum / (windowMs / 1000);
  }
}

/** A monotonic total and its windowed rate, recorded together (Kafka's CumulativeSum + Rate). */
export class Meter {
  total = 0;
  private readonly rate: Rate;

  constructor(config?: MetricConfig) {
    this.rate = new Rate(config);
  }

  configure(config: MetricConfig): void {
    this.rate.configure(config);
  }

  record(value: number, nowMs: number): void {
    this.total += value;
    this.rate.record(value, nowMs);
  }

  ratePerSecond(nowMs: number): number {
    return this.rate.measure(nowMs);
  }
}
