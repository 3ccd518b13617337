import { runtimePorts } from '../../server/adapters/runtime';
import { JOBS, JOBS_TRIGGER } from '../../server/app/jobs';
import { createJobsFunction } from '../../server/app/jobs/timer-function';

/** jobs: scheduled work (notification delivery, audit sequencing, bulk resumption) on a CloudBase timer trigger only. */
export const main = createJobsFunction(JOBS_TRIGGER.name, JOBS, runtimePorts);
