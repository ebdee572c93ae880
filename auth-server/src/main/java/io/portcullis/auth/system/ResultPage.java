package io.portcullis.auth.system;

import java.util.List;

/**
 * One page of a listing.
 *
 * @param items this page's items
 * @param page the page number, from 0
 * @param size the largest number of items on a page
 * @param totalItems how many items match in all
 */
public record ResultPage<T>(List<T> items, int page, int size, long totalItems) {

    public static final int DEFAULT_SIZE = 20;

    public static final int MAX_SIZE = 100;

    public long totalPages() {
        return (this.totalItems + this.size - 1) / this.size;
    }

    /** Page {@code page} of {@code size} items of {@code all}, a short listing read whole; 400 if out of range. */
    public static <T> ResultPage<T> of(List<T> all, int page, int size) {
        checkBounds(page, size);
        long from = Math.min((long) page * size, all.size());
        long to = Math.min(from + size, all.size());
        return new ResultPage<>(all.subList((int) from, (int) to), page, size, all.size());
    }

    /** Throws a 400 naming the parameter if {@code page} or {@code size} is out of range. */
    public static void checkBounds(int page, int size) {
        FieldErrors errors = new FieldErrors();
        if (page < 0) {
            errors.add("page", "must be 0 or more");
        }
        if (size < 1 || size > MAX_SIZE) {
            errors.add("size", "must lie between 1 and " + MAX_SIZE);
        }
        errors.throwIfAny();
    }

}
