package org.rostersync.school;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * Settings of one district with one school, to which a test adds DISTRICT upload feeds, bound as the application
 * binds them; plain JUnit, no Spring context.
 */
abstract class FeedSettingsTestSupport {

    protected final Map<String, String> settings = new LinkedHashMap<>(Map.of(
            "rostersync.districts[0].id", "springfield",
            "rostersync.districts[0].schools[0].id", "lincoln",
            "rostersync.districts[0].schools[0].reference-id", "101"));

    protected SchoolDirectory directory() {
        return SchoolDirectoryFactory.create(new Binder(new MapConfigurationPropertySource(settings))
                .bind("rostersync", SchoolSettings.class).get());
    }

    /** Adds the feed {@code feed-<index>} of the {@code format}, with further settings as key, value pairs. */
    protected void feed(int index, String format, String... keyValues) {
        settings.put("rostersync.feeds[" + index + "].id", "feed-" + index);
        settings.put("rostersync.feeds[" + index + "].scope", "DISTRICT");
        settings.put("rostersync.feeds[" + index + "].district", "springfield");
        settings.put("rostersync.feeds[" + index + "].source", "UPLOAD");
        settings.put("rostersync.feeds[" + index + "].schedule", "ONE_TIME");
        settings.put("rostersync.feeds[" + index + "].format", format);
        for (int i = 0; i < keyValues.length; i += 2) {
            settings.put("rostersync.feeds[" + index + "]." + keyValues[i], keyValues[i + 1]);
        }
    }
}
