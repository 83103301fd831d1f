// Node flags every worker process is started with (npm start, the tests' and benchmarks' workers).
// A step's output passes through the worker as short-lived strings by the million; with V8's default
// young generation (16 MB semi-spaces) a flood of output alone grew the worker by ~40 MB. A 4 MB
// nursery is collected more often, cheaply (little of it survives), and keeps the worker's memory flat:
// see "output floods" in docs/RELIABILITY.md.
export const WORKER_NODE_FLAGS = ["--max-semi-space-size=4"];
