package org.rostersync.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ContextConfiguration;

/** Runs a test class against its own database on the real PostgreSQL server, in the context every such test shares. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.location=classpath:/application.yml,classpath:/application-test.yml",
        "rostersync.data-dir=./target/test-data/postgres" })
@ContextConfiguration(initializers = { PostgresTestDatabase.class, TestSftpServer.class, TestMailServer.class,
        TestIdentityProvider.class })
@Import(TestClockConfiguration.class)
public @interface OnPostgres {
}
