package org.rostersync.sync.internal;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Node-local chores on Spring's scheduler (file retention, recovery sweeps); feed runs are Quartz's. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class HousekeepingConfiguration {
}
