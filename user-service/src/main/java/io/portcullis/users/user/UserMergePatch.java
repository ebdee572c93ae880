package io.portcullis.users.user;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;

/**
 * Applies an RFC 7396 JSON Merge Patch to a user's fields. Only the fields a client may set can appear; none of
 * them may be removed (null), because all are required.
 */
final class UserMergePatch {

    private static final Set<String> FIELDS = Set.of("username", "email", "displayName", "status");

    private UserMergePatch() {
    }

    static UserFields apply(UserFields current, JsonNode patch) {
        if (patch == null || !patch.isObject()) {
            throw UserProblems.invalid(List.of(new UserProblems.FieldProblem("", "a merge patch must be a JSON object")));
        }
        List<UserProblems.FieldProblem> errors = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : patch.properties()) {
            String field = entry.getKey();
            JsonNode value = entry.getValue();
            if (!FIELDS.contains(field)) {
                errors.add(new UserProblems.FieldProblem(field, "is not a field that can be changed"));
            }
            else if (value.isNull()) {
                errors.add(new UserProblems.FieldProblem(field, "is required and cannot be removed"));
            }
            else if (!value.isString()) {
                errors.add(new UserProblems.FieldProblem(field, "must be a string"));
            }
        }
        UserStatus status = current.status();
        if (errors.isEmpty() && patch.has("status")) {
            try {
                status = UserStatus.valueOf(patch.get("status").asString());
            }
            catch (IllegalArgumentException ex) {
                errors.add(new UserProblems.FieldProblem("status", "must be ACTIVE or DISABLED"));
            }
        }
        if (!errors.isEmpty()) {
            throw UserProblems.invalid(errors);
        }
        return new UserFields(text(patch, "username", current.username()), text(patch, "email", current.email()),
                text(patch, "displayName", current.displayName()), status);
    }

    private static String text(JsonNode patch, String field, String current) {
        return patch.has(field) ? patch.get(field).asString() : current;
    }

}
