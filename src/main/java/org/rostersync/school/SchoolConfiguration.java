package org.rostersync.school;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class SchoolConfiguration {

    @Bean
    SchoolDirectory schoolDirectory(SchoolSettings settings) {
        return SchoolDirectoryFactory.create(settings);
    }
}
