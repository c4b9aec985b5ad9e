// Loaded from the head of every page that runs the engine, as an async module: it starts the calculators'
// worker before the theme's scripts and the page's own have run, so Python loads while the page is still
// arriving. The page's script takes the same worker (engine.js: bootWorker).
import { bootWorker } from "./engine.js";

bootWorker();
