package org.rostersync.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.env.Environment;

/**
 * Makes {@code rostersync.data-dir} private: before the data source is first set up the folder is created 0700 and
 * what older versions left in it is tightened, so H2's files are never open to others even for a moment; once every
 * bean is ready (Flyway has opened the database, H2 has made its files) every file in it is made 0600.
 */
class DataDirectory implements BeanPostProcessor, SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(DataDirectory.class);

    private final Path root;
    private boolean prepared;

    DataDirectory(Environment environment) {
        this.root = Path.of(environment.getProperty("rostersync.data-dir", "./data")).toAbsolutePath().normalize();
    }

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof DataSource && !prepared) {
            secure();
            prepared = true;
        }
        return bean;
    }

    @Override
    public void afterSingletonsInstantiated() {
        secure();
    }

    private void secure() {
        try {
            PrivateFiles.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException("rostersync.data-dir: cannot create " + root + " as a private folder (0700)"
                    + " of this user; check that the server's user may write its parent", e);
        }
        try {
            PrivateFiles.tighten(root);
        } catch (IOException e) {
            // a file of another user (copied in by root): the server still runs, but someone should look
            log.warn("rostersync.data-dir: could not make everything in {} readable by this user only ({}); make the"
                    + " server's user own it", root, e.toString());
        }
    }
}
