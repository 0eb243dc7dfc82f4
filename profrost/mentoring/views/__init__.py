"""Pages of mentoring: programmes, pairs with their meetings, the young specialists without a
mentor and a teacher's own mentoring. Every change goes through `services`."""
