package io.portcullis.users.user;

import java.util.List;

/** One page of users in their stable order (creation time, then id). */
public record UserPage(List<User> items, int page, int size, long totalElements, long totalPages) {

}
