package io.portcullis.auth.key;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

import io.portcullis.auth.audit.AuditLog;
import io.portcullis.auth.audit.AuditTarget;
import io.portcullis.auth.audit.AuditType;
import io.portcullis.auth.system.ApiProblem;
import io.portcullis.auth.system.ResultPage;

import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The signing keys: listed (public facts only) and rotated on demand. */
@RestController
class KeyAdminController {

    private final SigningKeyRepository keys;

    private final KeyRotation rotation;

    private final SigningKeyRing ring;

    private final AuditLog audit;

    private final Clock clock;

    KeyAdminController(SigningKeyRepository keys, KeyRotation rotation, SigningKeyRing ring, AuditLog audit,
            Clock clock) {
        this.keys = keys;
        this.rotation = rotation;
        this.ring = ring;
        this.audit = audit;
        this.clock = clock;
    }

    /** Every key still published, oldest first. */
    @GetMapping("/admin/v1/keys")
    ResultPage<KeyView> list(@RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "" + ResultPage.DEFAULT_SIZE) int size) {
        Instant now = this.clock.instant();
        return ResultPage.of(this.keys.findPublishedAfter(now)
            .stream()
            .sorted(Comparator.comparing(SigningKey::activatesAt))
            .map((key) -> KeyView.of(key, now))
            .toList(), page, size);
    }

    /**
     * Schedules the next key now: it is published at once and signs after the publish-ahead period, so every
     * verifier has fetched it first; the active key retires then and stays published while its tokens live. If a
     * next key is already scheduled, that one is returned and nothing changes.
     */
    @PostMapping("/admin/v1/keys/rotate")
    @Transactional
    public KeyView rotate() {
        Instant now = this.clock.instant();
        List<String> before = this.keys.findPublishedAfter(now).stream().map(SigningKey::kid).toList();
        SigningKey next = this.rotation.rotateNow();
        KeyView view = KeyView.of(next, now);
        if (!before.contains(next.kid())) {
            this.audit.record(AuditType.KEY_ROTATED, AuditTarget.key(next.kid()), null, view);
        }
        this.ring.reload();
        return view;
    }

    /**
     * Withdraws a key at once, for a suspected compromise: it stops signing and leaves the JWKS now, another key
     * signs from now on, and the gateway and the services refuse every token it signed (through the security feed)
     * although their cached JWKS may still hold it. Tokens it signed must be obtained again.
     */
    @PostMapping("/admin/v1/keys/{kid}/withdraw")
    @Transactional
    public KeyView withdraw(@PathVariable String kid) {
        Instant now = this.clock.instant();
        SigningKey before = this.keys.findById(kid).orElseThrow(() -> ApiProblem.notFound("No signing key " + kid));
        SigningKey withdrawn = this.rotation.withdraw(kid).orElseThrow();
        KeyView view = KeyView.of(withdrawn, now);
        if (before.retiredAt() == null) {
            this.audit.record(AuditType.KEY_WITHDRAWN, AuditTarget.key(kid), KeyView.of(before, now), view);
        }
        this.ring.reload();
        return view;
    }

}
