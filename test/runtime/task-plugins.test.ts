import { describe, expect, it } from 'vitest';
import { PluginRegistry } from '../../src/plugins/plugin-registry.js';
import { createTaskConverters } from '../../src/runtime/task-plugins.js';
import { captureLogger } from './log-capture.js';

const made: Recorded[] = [];

class Recorded {
  configs: Record<string, string> = {};
  isKey: boolean | null = null;
  constructor() {
    made.push(this);
  }
  configure(c: Record<string, string>, isKey?: boolean): void {
    this.configs = c;
    this.isKey = isKey ?? null;
  }
}

function factory(): PluginRegistry {
  const r = new PluginRegistry();
  for (const n of ['KeyConv', 'ValConv', 'W', 'C'])
    r.register('converter', `org.example.${n}`, class extends Recorded {});
  r.register(
    'header-converter',
    'org.apache.kafka.connect.storage.SimpleHeaderConverter',
    class extends Recorded {},
  );
  return r;
}

describe('createTaskConverters', () => {
  it('uses worker converters with worker sub-keys and converter.type, logging the source', () => {
    made.length = 0;
    const lines: string[] = [];
    const worker = {
      'key.converter': 'KeyConv',
      'key.converter.schemas.enable': 'false',
      'value.converter': 'ValConv',
      'value.converter.schemas.enable': 'true',
    };
    const c = createTaskConverters(worker, { name: 'n' }, factory(), 'n-0', captureLogger(lines));
    expect(c.key.className).toBe('org.example.KeyConv');
    expect(made[0]).toEqual({
      configs: { 'schemas.enable': 'false', 'converter.type': 'key' },
      isKey: true,
    });
    expect(made[1]).toEqual({
      configs: { 'schemas.enable': 'true', 'converter.type': 'value' },
      isKey: false,
    });
    expect(c.header.className).toBe('org.apache.kafka.connect.storage.SimpleHeaderConverter');
    expect(made[2]?.configs).toEqual({ 'converter.type': 'header' });
    expect(lines).toEqual([
      'INFO Set up the key converter class org.example.KeyConv for task n-0 using the worker config',
      'INFO Set up the value converter class org.example.ValConv for task n-0 using the worker config',
      'INFO Set up the header converter class org.apache.kafka.connect.storage.SimpleHeaderConverter for task n-0 using the worker config',
    ]);
  });

  it("a connector's converter does not inherit the worker's sub-keys", () => {
    made.length = 0;
    const lines: string[] = [];
    const worker = {
      'key.converter': 'W',
      'key.converter.schemas.enable': 'false',
      'value.converter': 'W',
    };
    const connector = { 'key.converter': 'C', 'key.converter.x': '1' };
    const c = createTaskConverters(worker, connector, factory(), 'n-0', captureLogger(lines));
    expect(c.key.className).toBe('org.example.C');
    expect(c.key.source).toBe('connector');
    expect(made[0]?.configs).toEqual({ x: '1', 'converter.type': 'key' });
    expect(lines[0]).toBe(
      'INFO Set up the key converter class org.example.C for task n-0 using the connector config',
    );
  });
});
