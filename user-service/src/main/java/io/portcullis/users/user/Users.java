package io.portcullis.users.user;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import tools.jackson.databind.JsonNode;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.relational.core.conversion.DbActionExecutionException;
import org.springframework.stereotype.Service;

/**
 * The users API's rules: conditional updates by ETag (RFC 9110 §13.1.1), case-insensitive uniqueness of username
 * and email enforced by the database, merge patches validated like full replacements.
 */
@Service
public class Users {

    static final int MAX_PAGE_SIZE = 100;

    private final UserRepository repository;

    private final Validator validator;

    Users(UserRepository repository, Validator validator) {
        this.repository = repository;
        this.validator = validator;
    }

    public User get(UUID id) {
        return this.repository.findById(id).orElseThrow(UserProblems::notFound);
    }

    public UserPage list(int page, int size, String email, UserStatus status) {
        int capped = Math.min(size, MAX_PAGE_SIZE);
        String statusName = (status != null) ? status.name() : null;
        List<User> items = this.repository.search(email, statusName, capped, (long) page * capped);
        long total = this.repository.countMatching(email, statusName);
        return new UserPage(items, page, capped, total, (total + capped - 1) / capped);
    }

    public User create(UserFields fields) {
        return save(User.create(fields));
    }

    public User replace(UUID id, String ifMatch, UserFields fields) {
        User current = current(id, ifMatch);
        return save(current.with(fields));
    }

    public User patch(UUID id, String ifMatch, JsonNode patch) {
        User current = current(id, ifMatch);
        UserFields merged = UserMergePatch.apply(current.fields(), patch);
        Set<ConstraintViolation<UserFields>> violations = this.validator.validate(merged);
        if (!violations.isEmpty()) {
            throw UserProblems.invalid(violations.stream()
                .map((violation) -> new UserProblems.FieldProblem(violation.getPropertyPath().toString(),
                        violation.getMessage()))
                .sorted(java.util.Comparator.comparing(UserProblems.FieldProblem::field))
                .toList());
        }
        return save(current.with(merged));
    }

    /**
     * Deleting an absent user succeeds: DELETE is idempotent. Without If-Match the row is deleted by its id alone,
     * whatever its version, so a change or another delete at the same moment cannot make it fail. With If-Match the
     * delete checks the version it matched: a user changed since is 412, one deleted since is 204. (The version check
     * of a plain delete escaped as the optimistic lock's exception, which the problem handler took for an unreachable
     * database: 503.)
     */
    public void delete(UUID id, String ifMatch) {
        if (ifMatch == null) {
            this.repository.deleteById(id);
            return;
        }
        User user = this.repository.findById(id).orElse(null);
        if (user == null) {
            return;
        }
        if (!matches(ifMatch, user)) {
            throw UserProblems.preconditionFailed();
        }
        try {
            this.repository.delete(user);
        }
        catch (RuntimeException ex) {
            if (!changedMeanwhile(ex)) {
                throw ex;
            }
            if (this.repository.existsById(id)) {
                throw UserProblems.preconditionFailed();
            }
        }
    }

    private User current(UUID id, String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            throw UserProblems.preconditionRequired();
        }
        User current = get(id);
        if (!matches(ifMatch, current)) {
            throw UserProblems.preconditionFailed();
        }
        return current;
    }

    private static boolean matches(String ifMatch, User user) {
        for (String tag : ifMatch.split(",")) {
            String trimmed = tag.trim();
            if (trimmed.equals("*") || trimmed.equals(user.etag())) {
                return true;
            }
        }
        return false;
    }

    private User save(User user) {
        try {
            return this.repository.save(user);
        }
        catch (OptimisticLockingFailureException ex) {
            throw UserProblems.preconditionFailed();
        }
        catch (DbActionExecutionException | DuplicateKeyException ex) {
            throw translate(ex);
        }
    }

    private static boolean changedMeanwhile(RuntimeException ex) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause instanceof OptimisticLockingFailureException) {
                return true;
            }
        }
        return false;
    }

    private static RuntimeException translate(RuntimeException ex) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause instanceof OptimisticLockingFailureException) {
                return UserProblems.preconditionFailed();
            }
            String message = String.valueOf(cause.getMessage());
            if (message.contains("users_username_key")) {
                return UserProblems.conflict("username");
            }
            if (message.contains("users_email_key")) {
                return UserProblems.conflict("email");
            }
        }
        return ex;
    }

}
