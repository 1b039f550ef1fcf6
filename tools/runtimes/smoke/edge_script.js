/**
 * The edge-runtime form of the worker: a service-worker style script, the
 * shape edge-runtime evaluates.
 *
 * @module
 */
import { handle } from "./worker.js";

addEventListener("fetch", (event) => {
  event.respondWith(handle(event.request));
});
