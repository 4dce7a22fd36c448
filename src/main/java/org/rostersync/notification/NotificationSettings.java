package org.rostersync.notification;

import java.net.URI;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code rostersync.notifications.*}. Mail goes out only when {@code spring.mail.host} is set.
 *
 * @param baseUrl     the address of these pages as people reach them; mails link to {@code <base-url>/runs/<id>}
 * @param from        the sender of every mail
 * @param digestCron  a Spring cron expression (six fields, server time zone) for the daily digest of all runs to
 *                    every notify address, e.g. {@code 0 0 7 * * *}; {@code -} (the default) sends none
 */
@ConfigurationProperties("rostersync.notifications")
record NotificationSettings(@DefaultValue("http://localhost:8080") URI baseUrl,
        @DefaultValue("roster-sync@localhost") String from, @DefaultValue("-") String digestCron) {

    String runLink(long runId) {
        String base = baseUrl.toString();
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/runs/" + runId;
    }
}
