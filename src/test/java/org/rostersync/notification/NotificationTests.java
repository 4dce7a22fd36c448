package org.rostersync.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rostersync.support.DatabaseTestSupport;
import org.rostersync.support.TestMailServer;
import org.rostersync.sync.ImportRun;
import org.rostersync.sync.RunStatus;
import org.springframework.beans.factory.annotation.Autowired;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;

import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;

/** Mail to a feed's notify addresses over real SMTP (GreenMail on loopback), on H2 and PostgreSQL. */
abstract class NotificationTests extends DatabaseTestSupport {

    static final String HEADER = "Student ID,First Name,Last Name,Grade\n";

    @Autowired
    DailyDigest digest;

    @Autowired
    org.springframework.mail.javamail.JavaMailSender sender;

    GreenMail smtp;

    @BeforeEach
    void emptyMailboxes() throws Exception {
        smtp = TestMailServer.server();
        smtp.purgeEmailFromAllMailboxes();
    }

    @Test
    void heldRunMailsEveryNotifyAddressWhatTrippedTheCountsAndTheLinkButNoStudent() throws Exception {
        // given
        importFile("adams-notified", roster(10));

        // when: five students vanish from the file; the guard holds them
        ImportRun held = importFile("adams-notified", roster(5));

        // then
        assertThat(held.status()).isEqualTo(RunStatus.HELD);
        MimeMessage[] mails = received(1);
        MimeMessage mail = mails[0];
        assertThat(Arrays.stream(mail.getRecipients(Message.RecipientType.TO)).map(Object::toString))
                .containsExactlyInAnyOrder("it-admin@springfield.example", "principal@adams.example");
        assertThat(mail.getSubject()).contains("Run " + held.runId(), "adams-notified", "HELD");
        String body = GreenMailUtil.getBody(mail);
        assertThat(body).contains("Held 5 deactivations", "50%", "Held for approval: 5", "Unchanged: 5",
                "http://localhost:8080/runs/" + held.runId());
        assertThat(body).doesNotContain("Smith", "Adam", "4001", "4006", "password");
    }

    @Test
    void failedRunMailsTheReason() throws Exception {
        // when
        ImportRun failed = importFile("adams-notified", "First Name,Last Name,Grade\nAnn,Lee,3\n");

        // then
        assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
        MimeMessage mail = received(1)[0];
        assertThat(mail.getSubject()).contains("FAILED", "adams-notified");
        assertThat(GreenMailUtil.getBody(mail)).contains("Student ID", "/runs/" + failed.runId());
    }

    @Test
    void anSmtpServerThatNeverAnswersCannotHoldARunOrARequest() {
        // the shipped timeouts apply unless the deployment sets its own (these tests set two of them to 5 s)
        java.util.Properties mail = ((org.springframework.mail.javamail.JavaMailSenderImpl) sender)
                .getJavaMailProperties();
        assertThat(mail).containsEntry("mail.smtp.writetimeout", "10000")
                .containsEntry("mail.smtp.connectiontimeout", "5000").containsEntry("mail.smtp.timeout", "5000");
    }

    @Test
    void completedRunsAndFeedsWithoutAddressesMailNobody() throws Exception {
        // when
        importFile("adams-notified", roster(3));
        importFile("lincoln-upload", "First Name,Last Name,Grade\nAnn,Lee,3\n");

        // then
        assertThat(smtp.waitForIncomingEmail(500, 1)).isFalse();
    }

    @Test
    void dailyDigestListsTheDaysRunsPerAddress() throws Exception {
        // given
        ImportRun first = importFile("adams-notified", roster(4));

        // when
        digest.send();

        // then: one mail per address
        MimeMessage[] mails = received(2);
        String body = GreenMailUtil.getBody(mails[0]);
        assertThat(mails[0].getSubject()).contains("Daily digest");
        assertThat(body).contains("Feed adams-notified: 1 run", "run " + first.runId() + " COMPLETED", "4 created",
                "/runs/" + first.runId());
        assertThat(body).doesNotContain("Smith");

        // and the next day's digest does not list it again
        smtp.purgeEmailFromAllMailboxes();
        clock.advance(java.time.Duration.ofDays(1));
        digest.send();
        assertThat(GreenMailUtil.getBody(received(2)[0])).contains("Feed adams-notified: no runs ended.");
    }

    @Test
    void aRunThatEndsJustAfterADigestIsInTheNextOneEvenWhenThatOneStartsLate() throws Exception {
        // given: a digest at 07:00:00, and a run that ends a second later
        clock.set(Instant.parse("2026-09-01T07:00:00Z"));
        digest.send();
        received(2);
        smtp.purgeEmailFromAllMailboxes();
        clock.set(Instant.parse("2026-09-01T07:00:01Z"));
        ImportRun run = importFile("adams-notified", roster(2));

        // when: the next day's digest starts three seconds late (its scheduler thread was busy)
        clock.set(Instant.parse("2026-09-02T07:00:03Z"));
        digest.send();

        // then: the run is in it, not lost between the two
        assertThat(GreenMailUtil.getBody(received(2)[0])).contains("Feed adams-notified: 1 run",
                "run " + run.runId() + " COMPLETED");
    }

    private MimeMessage[] received(int count) {
        assertThat(smtp.waitForIncomingEmail(10_000, count)).as("%d mail(s) arrive", count).isTrue();
        MimeMessage[] mails = smtp.getReceivedMessages();
        // one SMTP delivery per recipient: the same message, once per mailbox
        List<String> ids = Arrays.stream(mails).map(m -> {
            try {
                return m.getMessageID();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).distinct().toList();
        assertThat(mails.length).isGreaterThanOrEqualTo(count);
        return ids.size() == 1 ? new MimeMessage[] { mails[0] } : mails;
    }

    private static String roster(int students) {
        StringBuilder csv = new StringBuilder(HEADER);
        for (int i = 1; i <= students; i++) {
            csv.append(4000 + i).append(",Adam").append(i).append(",Smith,6\n");
        }
        return csv.toString();
    }
}
