package org.rostersync.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ContextConfiguration;

/** Runs a test class against the embedded H2 database, in the context every H2 test shares. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.location=classpath:/application.yml,classpath:/application-test.yml",
        "spring.datasource.url=jdbc:h2:mem:rostersync;DB_CLOSE_DELAY=-1",
        "rostersync.data-dir=./target/test-data/h2" })
@ContextConfiguration(initializers = { TestSftpServer.class, TestMailServer.class,
        TestIdentityProvider.class })
@Import(TestClockConfiguration.class)
public @interface OnH2 {
}
