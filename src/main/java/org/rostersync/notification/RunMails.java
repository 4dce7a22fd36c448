package org.rostersync.notification;

import java.util.List;

import org.rostersync.school.ImportFeed;
import org.rostersync.sync.ImportRun;
import org.rostersync.sync.RunCounts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

/**
 * Writes and sends the mails. They carry the feed, the outcome, the run's message, the counts and a link, never a
 * password, a student's name or a list of students. Without {@code spring.mail.host} there is no mail sender and
 * nothing is sent; a mail that fails is logged and never affects a run.
 */
@Component
class RunMails {

    private static final Logger log = LoggerFactory.getLogger(RunMails.class);

    private final ObjectProvider<JavaMailSender> sender;
    private final NotificationSettings settings;

    RunMails(ObjectProvider<JavaMailSender> sender, NotificationSettings settings) {
        this.sender = sender;
        this.settings = settings;
    }

    boolean enabled() {
        return sender.getIfAvailable() != null;
    }

    void send(List<String> to, String subject, String text) {
        JavaMailSender mail = sender.getIfAvailable();
        if (mail == null || to.isEmpty()) {
            return;
        }
        SimpleMailMessage message = new SimpleMailMessage();
        message.setFrom(settings.from());
        message.setTo(to.toArray(String[]::new));
        message.setSubject(subject);
        message.setText(text);
        try {
            mail.send(message);
        } catch (MailException e) {
            log.warn("Could not send the mail '{}' to {} address(es): {}", subject, to.size(), e.getMessage());
        }
    }

    String runReport(ImportFeed feed, ImportRun run) {
        return """
                Run %d of feed %s (%s) ended %s.

                %s

                %s

                The run's report: %s
                """.formatted(run.runId(), feed.id(), where(feed), run.status(), run.message() == null ? ""
                : run.message(), counts(run.counts()), settings.runLink(run.runId()));
    }

    String counts(RunCounts c) {
        return """
                Rows in the file: %d
                Created: %d   Updated: %d   Transferred: %d   Reactivated: %d   Unchanged: %d
                Missing (in grace): %d   Deactivated: %d   Held for approval: %d   Rejected rows: %d"""
                .formatted(c.rows(), c.created(), c.updated(), c.transferred(), c.reactivated(), c.unchanged(),
                        c.missing(), c.deactivated(), c.held(), c.rejected());
    }

    String link(long runId) {
        return settings.runLink(runId);
    }

    private static String where(ImportFeed feed) {
        return feed.schoolId() != null ? "school " + feed.schoolId() : "district " + feed.districtId();
    }
}
