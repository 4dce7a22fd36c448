package org.rostersync.school;

import java.util.Set;
import java.util.TreeSet;

import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

@Configuration(proxyBeanMethods = false)
class SchoolConfiguration {

    private static final ConfigurationPropertyName DISTRICTS = ConfigurationPropertyName.of("rostersync.districts");
    private static final ConfigurationPropertyName FEEDS = ConfigurationPropertyName.of("rostersync.feeds");

    @Bean
    SchoolDirectory schoolDirectory(SchoolSettings settings, Environment environment) {
        return SchoolDirectoryFactory.create(settings, writtenKeys(environment));
    }

    /**
     * The keys written under the districts and feeds, in files and properties. Environment variables are left out:
     * their names are mapped to keys by guessing where the dots go ({@code SFTP_PASSWORD_FILE}), so an unknown one
     * could be a right setting guessed wrong.
     */
    private static Set<String> writtenKeys(Environment environment) {
        Set<String> keys = new TreeSet<>();
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            if (source instanceof IterableConfigurationPropertySource iterable
                    && !(source.getUnderlyingSource() instanceof SystemEnvironmentPropertySource)) {
                iterable.stream().filter(name -> DISTRICTS.isAncestorOf(name) || FEEDS.isAncestorOf(name))
                        .map(ConfigurationPropertyName::toString).forEach(keys::add);
            }
        }
        return keys;
    }
}
