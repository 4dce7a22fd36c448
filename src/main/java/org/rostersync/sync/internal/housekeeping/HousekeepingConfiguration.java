package org.rostersync.sync.internal.housekeeping;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Chores on Spring's scheduler (two threads, see application.yml): node-local ones (file retention, recovery
 * sweeps) and the run-history pass that one node claims per night; feed runs are Quartz's.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class HousekeepingConfiguration {
}
