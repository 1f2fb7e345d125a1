import * as Comlink from 'comlink';
import { createEngineApi } from './engine/api';
import { browserDeps } from './engine/duckdb';

Comlink.expose(createEngineApi(browserDeps));
