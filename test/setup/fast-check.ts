/**
 * Property tests run from a fixed seed, so a CI run is reproducible and cannot fail by the luck of
 * the draw. Set FAST_CHECK_SEED to explore other inputs (e.g. FAST_CHECK_SEED=$RANDOM npm test);
 * a failure prints its seed and path for replay.
 */
import fc from 'fast-check';

const seed = Number.parseInt(process.env['FAST_CHECK_SEED'] ?? '20261122', 10);
fc.configureGlobal({ ...fc.readConfigureGlobal(), seed: Number.isFinite(seed) ? seed : 20261122 });
