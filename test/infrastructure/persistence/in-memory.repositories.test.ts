import { InMemoryUnitOfWork } from '../../../src/infrastructure/persistence/in-memory/in-memory.unit-of-work.js';
import { describeRepositoryContract } from '../../contract/repositories.contract.js';

describeRepositoryContract('in-memory', async () => ({ uow: new InMemoryUnitOfWork(), close: async () => {} }));
