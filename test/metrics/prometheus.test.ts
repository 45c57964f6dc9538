import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Counter, Histogram, renderFamily } from '../../src/metrics/prometheus.js';

describe('Prometheus text format', () => {
  it('writes labelled counters with HELP and TYPE, escaping label values', () => {
    const c = new Counter('x_total', 'Things counted.\nTwo lines.', ['method', 'outcome']);
    c.inc(['/a', 'Success']);
    c.inc(['/a', 'Success'], 2);
    c.inc(['say "hi"\\', 'Fail']);
    assert.equal(c.get(['/a', 'Success']), 3);
    assert.equal(
      c.render(),
      '# HELP x_total Things counted.\\nTwo lines.\n' +
        '# TYPE x_total counter\n' +
        'x_total{method="/a",outcome="Success"} 3\n' +
        'x_total{method="say \\"hi\\"\\\\",outcome="Fail"} 1\n',
    );
  });

  it('writes histograms with cumulative buckets, +Inf, sum and count', () => {
    const h = new Histogram('t_seconds', 'Time.', ['m'], [0.1, 0.01, 1]);
    for (const v of [0.005, 0.01, 0.5, 3]) h.observe(['a'], v);
    assert.equal(
      h.render(),
      '# HELP t_seconds Time.\n' +
        '# TYPE t_seconds histogram\n' +
        't_seconds_bucket{m="a",le="0.01"} 2\n' +
        't_seconds_bucket{m="a",le="0.1"} 2\n' +
        't_seconds_bucket{m="a",le="1"} 3\n' +
        't_seconds_bucket{m="a",le="+Inf"} 4\n' +
        't_seconds_sum{m="a"} 3.515\n' +
        't_seconds_count{m="a"} 4\n',
    );
  });

  it('writes gauges read at scrape time', () => {
    assert.equal(
      renderFamily({
        name: 'g',
        help: 'A gauge.',
        type: 'gauge',
        samples: [{ value: 5 }, { labels: { kind: 'trap' }, value: Number.POSITIVE_INFINITY }],
      }),
      '# HELP g A gauge.\n# TYPE g gauge\ng 5\ng{kind="trap"} +Inf\n',
    );
  });
});
