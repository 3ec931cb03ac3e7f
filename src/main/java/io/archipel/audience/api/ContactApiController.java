package io.archipel.audience.api;

import java.util.UUID;

import io.archipel.audience.api.ApiDtos.BatchRequest;
import io.archipel.audience.api.ApiDtos.BatchResult;
import io.archipel.audience.api.ApiDtos.ConsentChange;
import io.archipel.audience.api.ApiDtos.ConsentEventJson;
import io.archipel.audience.api.ApiDtos.ContactJson;
import io.archipel.audience.api.ApiDtos.ContactList;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/contacts}: what a CRM needs to keep a branch's contacts in sync. Authenticated by API keys
 * (SecurityConfiguration's API chain); the key's scope applies like a person's. See docs/api.md.
 */
@RestController
@RequestMapping(path = "/api/v1/contacts", produces = MediaType.APPLICATION_JSON_VALUE)
class ContactApiController {

    private final ContactApiService api;

    ContactApiController(ContactApiService api) {
        this.api = api;
    }

    /** Creates or updates up to 500 contacts (by e-mail, else mobile, within the branch); one result per item. */
    @PostMapping(path = "/batch", consumes = MediaType.APPLICATION_JSON_VALUE)
    BatchResult batchUpsert(@RequestBody BatchRequest request) {
        return api.batchUpsert(request == null ? null : request.contacts());
    }

    @GetMapping("/{contactId}")
    ContactJson get(@PathVariable UUID contactId) {
        return api.get(contactId);
    }

    /** Contacts with this e-mail (or, without one, this mobile number), in one branch or across the key's scope. */
    @GetMapping
    ContactList lookup(@RequestParam(required = false) String branchCode,
            @RequestParam(required = false) String email, @RequestParam(required = false) String mobile) {
        return new ContactList(api.lookup(branchCode, email, mobile));
    }

    /** GDPR erasure: personal data removed, address and number suppressed for good. */
    @DeleteMapping("/{contactId}")
    ResponseEntity<Void> erase(@PathVariable UUID contactId) {
        api.erase(contactId);
        return ResponseEntity.noContent().build();
    }

    @PostMapping(path = "/{contactId}/consent", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ConsentEventJson> consent(@PathVariable UUID contactId, @RequestBody ConsentChange change) {
        return ResponseEntity.status(HttpStatus.CREATED).body(api.changeConsent(contactId, change));
    }
}
