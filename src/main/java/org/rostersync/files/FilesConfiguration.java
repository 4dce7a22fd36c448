package org.rostersync.files;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

@Configuration(proxyBeanMethods = false)
class FilesConfiguration {

    /** Static: a post-processor that must see the data source before it is set up. */
    @Bean
    static DataDirectory dataDirectory(Environment environment) {
        return new DataDirectory(environment);
    }
}
