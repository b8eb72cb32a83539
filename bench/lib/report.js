// Medians per figure and side, the ratio ts-connect / Kafka Connect against issue 8's targets,
// as a table and as JSON.
import { median } from './util.js';

/**
 * The figures of the table. `target` is the ratio ts-connect / Kafka Connect issue 8 asks for:
 * at least it (`higher` is better) or at most it (`lower` is better).
 */
const FIGURES = [
  {
    workload: 'W1',
    metric: 'rate',
    label: 'W1 file → Kafka (records/s)',
    better: 'higher',
    target: 1.5,
  },
  {
    workload: 'W2',
    metric: 'rate',
    label: 'W2 Kafka → file (records/s)',
    better: 'higher',
    target: 1.5,
  },
  {
    workload: 'W12',
    metric: 'rate',
    label: 'W1+2 file → Kafka → file (records/s)',
    better: 'higher',
  },
  {
    workload: 'W3',
    metric: 'rate',
    label: 'W3 file → Kafka, JSON + SMTs (records/s)',
    better: 'higher',
    target: 1.5,
  },
  { workload: 'W4', metric: 'p50', label: 'W4 latency p50 (ms)', better: 'lower' },
  { workload: 'W4', metric: 'p99', label: 'W4 latency p99 (ms)', better: 'lower', target: 1 },
  {
    workload: 'W1',
    metric: 'startupMs',
    label: 'start-up to first record (ms, W1)',
    better: 'lower',
    target: 0.2,
  },
  ...['W1', 'W2', 'W12', 'W3', 'W4'].map((workload) => ({
    workload,
    metric: 'rssMb',
    label: `peak RSS ${workload === 'W12' ? 'W1+2' : workload} (MB)`,
    better: 'lower',
    target: 0.25,
  })),
];

export function summarize(runs) {
  const figures = [];
  for (const figure of FIGURES) {
    const values = (side) =>
      runs
        .filter((r) => r.workload === figure.workload && r.side === side && r.ok)
        .map((r) => r.metrics[figure.metric]);
    const medians = {};
    for (const side of ['ts', 'kc', 'kcat']) medians[side] = median(values(side));
    if (Object.values(medians).every((m) => m === null)) continue;
    const ratio = medians.ts !== null && medians.kc ? medians.ts / medians.kc : null;
    const met =
      ratio === null || figure.target === undefined
        ? null
        : figure.better === 'higher'
          ? ratio >= figure.target
          : ratio <= figure.target;
    figures.push({ ...figure, medians, ratio, met, samples: values('ts').length });
  }
  return figures;
}

function show(value) {
  if (value === null || value === undefined) return '—';
  if (value >= 1000) return Math.round(value).toLocaleString('en-US');
  if (value >= 100) return value.toFixed(0);
  return value.toFixed(1);
}

export function table(figures) {
  const header = ['figure (medians)', 'ts-connect', 'Kafka Connect', 'kcat', 'ts / KC', 'target'];
  const rows = figures.map((f) => [
    f.label,
    show(f.medians.ts),
    show(f.medians.kc),
    show(f.medians.kcat),
    f.ratio === null ? '—' : f.ratio.toFixed(2),
    f.target === undefined
      ? ''
      : `${f.better === 'higher' ? '≥' : '≤'} ${f.target}${f.met === null ? '' : f.met ? '  met' : '  MISSED'}`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) =>
    '| ' +
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ') +
    ' |';
  return [
    line(header),
    '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|',
    ...rows.map(line),
  ].join('\n');
}
