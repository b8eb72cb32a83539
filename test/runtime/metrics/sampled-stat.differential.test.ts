import { describe, expect, it } from 'vitest';
import { runJavaSync } from '../../helpers/java.js';
import { Rate, SampledStat, type MetricConfig } from '../../../src/runtime/metrics/sampled-stat.js';
import { TaskMetrics } from '../../../src/runtime/metrics/task-metrics.js';

type Step = { record: number; at: number } | { measureAt: number };

/** Event scripts: bursts, idle gaps longer than the whole window, measuring before any event. */
const SCRIPTS: { config: MetricConfig; steps: Step[] }[] = [
  {
    config: { sampleWindowMs: 1000, numSamples: 2 },
    steps: [
      { measureAt: 0 },
      { record: 5, at: 10 },
      { measureAt: 20 },
      { record: 7, at: 500 },
      { record: 0, at: 999 },
      { measureAt: 1000 },
      { record: 3, at: 1000 },
      { record: 11, at: 1700 },
      { measureAt: 1800 },
      { measureAt: 2600 },
      { record: 2, at: 2999 },
      { measureAt: 3500 },
      { measureAt: 9000 },
      { record: 4, at: 9100 },
      { measureAt: 9150 },
      { measureAt: 12000 },
    ],
  },
  {
    config: { sampleWindowMs: 30000, numSamples: 3 },
    steps: [
      { record: 100, at: 1000 },
      { record: 0, at: 2000 },
      { measureAt: 2500 },
      { record: 250, at: 31000 },
      { record: 10, at: 65000 },
      { measureAt: 65000 },
      { record: 1, at: 90000 },
      { measureAt: 95000 },
      { measureAt: 200000 },
    ],
  },
];

function javaNumber(text: string): number {
  if (text === 'NaN') return Number.NaN;
  if (text === 'Infinity') return Number.POSITIVE_INFINITY;
  if (text === '-Infinity') return Number.NEGATIVE_INFINITY;
  return Number(text);
}

describe("windowed stats agree with Kafka's Rate, Max, Avg and Frequencies", () => {
  for (const [i, script] of SCRIPTS.entries()) {
    it(`script ${i} (${script.config.sampleWindowMs} ms × ${script.config.numSamples})`, () => {
      const input =
        `${script.config.sampleWindowMs} ${script.config.numSamples}\n` +
        script.steps
          .map((s) => ('record' in s ? `record ${s.record} ${s.at}` : `measure ${s.measureAt}`))
          .join('\n') +
        '\n';
      const kafka = runJavaSync('test/java/MetricsHarness.java', [], { stdin: input });
      expect(kafka.code, kafka.stderr).toBe(0);
      const expected = kafka.stdout
        .trim()
        .split('\n')
        .map((line) => line.split(' ').map(javaNumber));

      let clock = 0;
      const rate = new Rate(script.config);
      const max = new SampledStat('max', script.config);
      const avg = new SampledStat('avg', script.config);
      const task = new TaskMetrics({ connector: 'c', task: 0 }, () => clock);
      task.configure(script.config);
      const actual: number[][] = [];
      for (const s of script.steps) {
        if ('record' in s) {
          clock = s.at;
          rate.record(s.record, s.at);
          max.record(s.record, s.at);
          avg.record(s.record, s.at);
          task.recordCommit(s.record > 0, s.record);
        } else {
          clock = s.measureAt;
          actual.push([
            rate.measure(s.measureAt),
            max.measure(s.measureAt),
            avg.measure(s.measureAt),
            task.commitSuccessRatio(),
          ]);
        }
      }
      expect(actual.length).toBe(expected.length);
      for (const [row, values] of actual.entries()) {
        for (const [col, v] of values.entries()) {
          const want = expected[row]![col]!;
          if (Number.isNaN(want)) expect(v, `row ${row} col ${col}`).toBeNaN();
          else expect(v, `row ${row} col ${col}`).toBeCloseTo(want, 9);
        }
      }
    });
  }
});
