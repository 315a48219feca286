import { readFileSync } from 'node:fs';
import type { Objective } from '../../application/optimize/objectives.js';
import type { SamplerName } from '../../application/optimize/samplers.js';
import type { PlannedTrial } from '../../application/optimize/search-space.js';
import type { AdaptiveSampler } from '../../application/optimize/tpe-sampler.js';
import type { DealbotConfig } from '../../infrastructure/config/config.schema.js';
import { ConfigError } from '../../infrastructure/config/config-error.js';
import type { ResolvedPaths } from '../../infrastructure/config/trial-config.js';
import { fsCause } from '../../infrastructure/shared/fs-error.js';

/** A study's search as a config text gives it. */
export interface Plan {
  /** Where the text came from, for messages. */
  readonly source: string;
  readonly text: string;
  readonly raw: Record<string, unknown>;
  readonly base: DealbotConfig;
  readonly paths: ResolvedPaths;
  readonly objective: Objective;
  /** The optimize section's sampler, seed and trials (the command line may override them). */
  readonly sampler: SamplerName;
  readonly seed: number;
  readonly trials: number;
}

/** The config file's text, read once: what is planned from is what is stored. */
export function readConfigText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`${path}: cannot read the config file: ${fsCause(error)}`);
  }
}

/** The config text checked as `backtest` checks a config file, its optimize section, every parameter path resolved. */
export async function planOfText(text: string, source: string): Promise<Plan> {
  const [{ checkPairs }, { parseConfigYaml, validateConfig }, { resolveParamPath }] = await Promise.all([
    import('./config-check.command.js'),
    import('../../infrastructure/config/config.loader.js'),
    import('../../infrastructure/config/optimize-paths.js'),
  ]);
  const raw = parseConfigYaml(text, source);
  const base = checkPairs(validateConfig(raw, source), source);
  const section = base.optimize;
  if (section === undefined) throw new ConfigError(`${source}: optimize: is required: the parameters to search and the objective (see docs/optimize.md)`);
  const symbols = base.pairs.map((p) => p.symbol);
  const paths = new Map(
    section.parameters.map((p) => {
      try {
        return [p.path, resolveParamPath(p.path, symbols)] as const;
      } catch (error) {
        if (error instanceof RangeError) throw new ConfigError(`${source}: optimize.parameters.${p.path}: ${error.message}`);
        throw error;
      }
    }),
  );
  const objective: Objective = { name: section.objective, minTrades: section.minTrades, ...(section.maxDrawdown !== undefined && { maxDrawdownPercent: section.maxDrawdown }) };
  return { source, text, raw, base, paths, objective, sampler: section.sampler, seed: section.seed, trials: section.trials };
}

/** The study's trials (or TPE's sampler) for this sampler, budget and seed; a bad search space is one line naming the field. */
export async function planTrials(plan: Plan, sampler: SamplerName, trials: number, seed: number): Promise<readonly PlannedTrial[] | AdaptiveSampler> {
  const [{ studyTrials }, { searchSpace }] = await Promise.all([import('../../application/optimize/samplers.js'), import('../../application/optimize/search-space.js')]);
  const section = plan.base.optimize!;
  try {
    return studyTrials(searchSpace(section.parameters), sampler, trials, seed, section.startupTrials);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    // search-space messages start with the parameter's path; the grid's is about the whole space
    const own = section.parameters.some((p) => error.message.startsWith(`${p.path}:`));
    throw new ConfigError(own ? `${plan.source}: optimize.parameters.${error.message}` : `${plan.source}: optimize: ${error.message}`);
  }
}
