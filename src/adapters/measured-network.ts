import { performance } from 'node:perf_hooks';
import type { Metrics } from '../metrics.js';
import { isPermanent } from './outside-error.js';
import type { NetworkOperationKind, NetworkProvisioner } from './network.js';

/**
 * Counts every network operation by kind and outcome, with its latency, whichever network
 * stands behind the port (simulator or HLR).
 */
export function measuredNetwork(inner: NetworkProvisioner, metrics: Metrics): NetworkProvisioner {
  const measure = async <T>(kind: NetworkOperationKind, call: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    let outcome = 'ok';
    try {
      return await call();
    } catch (err) {
      outcome = isPermanent(err) ? 'permanent_error' : 'temporary_error';
      throw err;
    } finally {
      const labels = { provisioner: inner.name, kind, outcome };
      metrics.count('lastcall_network_operations_total', 'Operations on the network by kind and outcome.', labels);
      metrics.observe('lastcall_network_operation_seconds', 'Time the network took to answer, by kind and outcome.', labels, (performance.now() - started) / 1000);
    }
  };
  return {
    name: inner.name,
    provision: (line, opts) => measure('provision', () => inner.provision(line, opts)),
    bar: (line) => measure('bar', () => inner.bar(line)),
    unbar: (line) => measure('unbar', () => inner.unbar(line)),
    deactivate: (line) => measure('deactivate', () => inner.deactivate(line)),
    inspect: (imsi) => measure('inspect', () => inner.inspect(imsi)),
    ping: () => measure('ping', () => inner.ping()),
    close: () => inner.close?.() ?? Promise.resolve(),
  };
}
