/**
 * Worker thread of the calibration harness: runs the cells it is sent, one at a time, and posts
 * each result back.
 */
import { parentPort } from 'node:worker_threads';
import { runSequentialCell, type SequentialCell } from './sequential.js';
import { runCell, type Cell } from './simulate.js';

parentPort?.on('message', (message: { index: number; cell: Cell | SequentialCell } | null) => {
  if (message === null) {
    parentPort?.close();
    return;
  }
  const { cell } = message;
  parentPort?.postMessage({ index: message.index, result: cell.kind === 'sequential' ? runSequentialCell(cell) : runCell(cell) });
});
