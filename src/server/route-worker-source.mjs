// Running from TypeScript source (vitest, tsx): worker threads do not inherit the TypeScript loader
// on Node 20, so register tsx here, then load the worker. Built packages use dist/cli/route-worker.cjs.
import { register } from 'tsx/esm/api';

register();
const loaded = await import('./route-worker.ts');
export const runRoute = loaded.runRoute;
export const judgeCollected = loaded.judgeCollected;
export const renderReport = loaded.renderReport;
