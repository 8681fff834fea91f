import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadEnvironment } from '../../config/environment';
import { dataSourceOptions } from './data-source-options';

/** For the TypeORM CLI: `npx typeorm migration:show -d dist/src/database/data-source.js`. */
export default new DataSource(dataSourceOptions(loadEnvironment()));
