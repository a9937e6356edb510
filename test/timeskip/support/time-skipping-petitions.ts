/**
 * One time-skipping test server and one recording petition harness per test file: registers the jest hooks that
 * start them before the file's tests and stop them after, so each timeskip file states only what it checks.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createTimeSkippingEnv } from '../../../infra/local/time-skipping';
import { PetitionHarness } from './petition-harness';

export interface TimeSkippingPetitions {
  /** The time-skipping server; read inside a test (it exists once beforeAll has run). */
  readonly env: TestWorkflowEnvironment;
  /** The petition harness running on it. */
  readonly harness: PetitionHarness;
}

/** Call inside a describe block: starts the server and harness in beforeAll, stops them in afterAll. */
export function useTimeSkippingPetitions(): TimeSkippingPetitions {
  let env: TestWorkflowEnvironment | undefined;
  let harness: PetitionHarness | undefined;

  beforeAll(async () => {
    env = await createTimeSkippingEnv();
    harness = new PetitionHarness(env);
    await harness.start();
  });

  afterAll(async () => {
    await harness?.stop();
    await env?.teardown();
  });

  return {
    get env() {
      if (!env) throw new Error('the time-skipping server is started in beforeAll; read it inside a test');
      return env;
    },
    get harness() {
      if (!harness) throw new Error('the petition harness is started in beforeAll; read it inside a test');
      return harness;
    },
  };
}
