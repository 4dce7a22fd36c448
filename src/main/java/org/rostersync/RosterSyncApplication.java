package org.rostersync;

import java.time.Clock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/**
 * roster-sync: keeps K-12 student accounts in step with the roster files schools export from their SIS.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class RosterSyncApplication {

    public static void main(String[] args) {
        SpringApplication.run(RosterSyncApplication.class, args);
    }

    /** The one source of "now": grace windows, run times and audit events; tests move it. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
