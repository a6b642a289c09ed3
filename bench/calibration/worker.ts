/**
 * Worker thread of the calibration harness: runs the cells it is sent, one at a time, and posts
 * each result back.
 */
import { parentPort } from 'node:worker_threads';
import { runCell, type Cell } from './simulate.js';

parentPort?.on('message', (message: { index: number; cell: Cell } | null) => {
  if (message === null) {
    parentPort?.close();
    return;
  }
  parentPort?.postMessage({ index: message.index, result: runCell(message.cell) });
});
