package org.rostersync.account.web;

import org.rostersync.account.AccountStatus;
import org.springframework.stereotype.Component;

/** Students as the pages show them ({@code ${@studentFormat...}} in templates): a status's badge colour. */
@Component
public class StudentFormat {

    public String badge(AccountStatus status) {
        return switch (status) {
            case ACTIVE -> "ok";
            case PASSWORD_ISSUED -> "busy";
            case PENDING_ACTIVATION -> "warn";
            case DEACTIVATED -> "off";
        };
    }
}
