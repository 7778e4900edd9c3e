/** Queue producers, one module per queue, shared by the API and the worker. */
