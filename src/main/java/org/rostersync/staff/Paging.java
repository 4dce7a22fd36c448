package org.rostersync.staff;

/** {@code ?page=} (from 0) and {@code ?size=} (default 500, at most 5000), checked. */
public record Paging(int page, int size) {

    static final int DEFAULT_SIZE = 500;
    static final int MAX_SIZE = 5000;

    public static Paging of(Integer page, Integer size) {
        int p = page == null ? 0 : page;
        int s = size == null ? DEFAULT_SIZE : size;
        if (p < 0) {
            throw ApiException.badRequest("page must be 0 or more");
        }
        if (s < 1 || s > MAX_SIZE) {
            throw ApiException.badRequest("size must be from 1 to " + MAX_SIZE);
        }
        return new Paging(p, s);
    }

    /** Rows before the page; a page past every row the database could hold asks for none. */
    public int offset() {
        return (int) Math.min((long) page * size, Integer.MAX_VALUE);
    }
}
