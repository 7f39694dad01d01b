package com.gahorouter.console.catalog;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import org.springframework.stereotype.Component;

import tools.jackson.databind.json.JsonMapper;

/** Builds a {@link GroupList}: serialises it once and derives its strong ETag from the bytes. */
@Component
class GroupListEncoder {

    /** 128 bits of SHA-256, base64url: as unique as a random UUID for a change of content. */
    private static final int ETAG_BYTES = 16;

    private final JsonMapper json;

    GroupListEncoder(JsonMapper json) {
        this.json = json;
    }

    GroupList encode(List<ModelGroup> groups) {
        byte[] body = json.writeValueAsBytes(groups.stream().map(ModelGroupView::of).toList());
        return new GroupList(groups, body, etagOf(body));
    }

    static String etagOf(byte[] body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
            byte[] prefix = Arrays.copyOf(digest, ETAG_BYTES);
            return '"' + Base64.getUrlEncoder().withoutPadding().encodeToString(prefix) + '"';
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
