package org.rostersync.files;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** Keeps the data-dir private from the first moment the database may write to it. */
@Configuration(proxyBeanMethods = false)
class FilesConfiguration {

    /** Static: a post-processor that must see the data source before it is set up. */
    @Bean
    static DataDirectory dataDirectory(Environment environment) {
        return new DataDirectory(environment);
    }
}
