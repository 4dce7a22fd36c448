package org.rostersync.staff.internal;

import org.rostersync.staff.SignInSettings;
import org.rostersync.staff.StaffMember;
import org.rostersync.staff.StaffPage;
import org.rostersync.staff.internal.StaffSignInRefused.Reason;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Staff sign-in, the page that says why a sign-in through the provider was refused, and the start page: operators
 * land on the runs, teachers on their school's students.
 */
@Controller
@StaffPage
class StaffPages {

    private final PageModel pages;
    private final ProviderSignInChain providers;
    private final SignInSettings settings;

    StaffPages(PageModel pages, ProviderSignInChain providers, SignInSettings settings) {
        this.pages = pages;
        this.providers = providers;
        this.settings = settings;
    }

    @GetMapping("/staff/login")
    String login(Model model) {
        model.addAttribute("providers", providers.providers());
        return "staff-login";
    }

    @GetMapping("/staff/refused")
    String refused(@RequestParam(required = false) String reason, Model model) {
        Reason why;
        try {
            why = reason == null ? Reason.PROVIDER_ERROR : Reason.valueOf(reason);
        } catch (IllegalArgumentException e) {
            why = Reason.PROVIDER_ERROR;
        }
        model.addAttribute("reason", why.name());
        model.addAttribute("contact", settings.contact() == null || settings.contact().isBlank() ? null
                : settings.contact().strip());
        model.addAttribute("providers", providers.providers());
        return "staff-refused";
    }

    @GetMapping("/")
    String home(@AuthenticationPrincipal StaffMember staff) {
        if (staff.role().isAdmin()) {
            return "redirect:/runs";
        }
        return pages.schools(staff).stream().findFirst()
                .map(school -> "redirect:/schools/" + school.id() + "/students")
                .orElse("redirect:/runs");
    }
}
