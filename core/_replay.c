/* runnerup._replay: the kernel's replay loop over one commit's cells, in C.
 *
 * fold(cells, decoders, after, until, skip, apply, state, envelope) -> state
 *
 * The same steps, in the same order, as the Python loop in
 * runnerup.kernel.Kernel._replay (the tests hold the two together). Only the
 * per-event work moves to C; decoding, the envelope and the projection's
 * apply are the same Python-visible callables.
 *
 * Also due_check, the reminders' decode-time check of their ``due`` (below).
 *
 * Optional: when this module cannot be built, the kernel uses the Python loop.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

static int
as_long_long(PyObject *obj, long long *out)
{
    if (!PyLong_Check(obj)) {
        PyErr_Format(PyExc_TypeError, "an integer is required, not %.100s", Py_TYPE(obj)->tp_name);
        return -1;
    }
    *out = PyLong_AsLongLong(obj);
    return (*out == -1 && PyErr_Occurred()) ? -1 : 0;
}

typedef struct {
    PyObject *decoders, *skip, *apply, *envelope;
    long long after, until;
    int skipping;
} Fold;

/* The arguments both entry points share: (chunk, decoders, after, until,
 * skip, apply, state, envelope). */
static int
fold_args(PyObject *const *args, Py_ssize_t nargs, const char *name, Fold *f)
{
    if (nargs != 8) {
        PyErr_Format(PyExc_TypeError,
                     "%s(chunk, decoders, after, until, skip, apply, state, envelope) "
                     "takes 8 arguments",
                     name);
        return -1;
    }
    *f = (Fold){args[1], args[4], args[5], args[7], 0, 0, 0};
    if (!PyDict_Check(f->decoders)) {
        PyErr_SetString(PyExc_TypeError, "decoders must be a dict");
        return -1;
    }
    if (as_long_long(args[2], &f->after) < 0 || as_long_long(args[3], &f->until) < 0) {
        return -1;
    }
    f->skipping = PyObject_IsTrue(f->skip);
    return f->skipping < 0 ? -1 : 0;
}

/* Wrap an event in its envelope (``fields``: the envelope's 9 arguments) and
 * fold it: *state = apply(*state, envelope). -1 with an exception set on failure. */
static int
apply_envelope(const Fold *f, PyObject *const *fields, PyObject **state)
{
    PyObject *recorded = PyObject_Vectorcall(f->envelope, fields, 9, NULL);
    if (recorded == NULL) {
        return -1;
    }
    PyObject *pair[2] = {*state, recorded};
    PyObject *next = PyObject_Vectorcall(f->apply, pair, 2, NULL);
    Py_DECREF(recorded);
    if (next == NULL) {
        return -1;
    }
    Py_SETREF(*state, next);
    return 0;
}

/* One cell (a tuple of 11) into *state; -1 with an exception set on failure. */
static int
fold_cell(const Fold *f, PyObject *cell, PyObject **state)
{
    if (PyTuple_GET_SIZE(cell) != 11) {
        PyErr_SetString(PyExc_TypeError, "a cell has 11 fields");
        return -1;
    }
    PyObject *entry = PyDict_GetItemWithError(f->decoders, PyTuple_GET_ITEM(cell, 3));
    if (entry == NULL) {
        /* a type this projection does not read, or one no plugin knows */
        return PyErr_Occurred() ? -1 : 0;
    }
    long long position;
    if (as_long_long(PyTuple_GET_ITEM(cell, 0), &position) < 0) {
        return -1;
    }
    if (position <= f->after || position > f->until) {
        return 0;
    }
    if (f->skipping) {
        int retracted = PySequence_Contains(f->skip, PyTuple_GET_ITEM(cell, 0));
        if (retracted != 0) {
            return retracted < 0 ? -1 : 0;
        }
    }
    if (!PyTuple_Check(entry) || PyTuple_GET_SIZE(entry) != 2) {
        PyErr_SetString(PyExc_TypeError, "a decoder entry is (decode, current type)");
        return -1;
    }
    PyObject *event =
        PyObject_Vectorcall(PyTuple_GET_ITEM(entry, 0), &PyTuple_GET_ITEM(cell, 9), 1, NULL);
    if (event == NULL) {
        if (PyErr_ExceptionMatches(PyExc_ValueError)) {
            PyErr_Clear(); /* kept in the log as an UnknownEvent; projections skip it */
            return 0;
        }
        return -1;
    }
    PyObject *fields[9] = {
        PyTuple_GET_ITEM(cell, 0), PyTuple_GET_ITEM(cell, 1), PyTuple_GET_ITEM(cell, 2),
        PyTuple_GET_ITEM(entry, 1), event, PyTuple_GET_ITEM(cell, 4),
        PyTuple_GET_ITEM(cell, 5), PyTuple_GET_ITEM(cell, 8), PyTuple_GET_ITEM(cell, 10),
    };
    int failed = apply_envelope(f, fields, state);
    Py_DECREF(event);
    return failed;
}

static PyObject *
fold(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    Fold f;
    if (fold_args(args, nargs, "fold", &f) < 0) {
        return NULL;
    }
    PyObject *cells = PySequence_Fast(args[0], "cells must be a sequence");
    if (cells == NULL) {
        return NULL;
    }
    PyObject *state = Py_NewRef(args[6]);
    Py_ssize_t count = PySequence_Fast_GET_SIZE(cells);
    for (Py_ssize_t i = 0; i < count; i++) {
        PyObject *cell = PySequence_Fast_GET_ITEM(cells, i);
        int failed;
        if (PyTuple_Check(cell)) {
            failed = fold_cell(&f, cell, &state);
        }
        else { /* a backend may hand over lists or other sequences */
            PyObject *copy = PySequence_Tuple(cell);
            failed = copy == NULL ? -1 : fold_cell(&f, copy, &state);
            Py_XDECREF(copy);
        }
        if (failed) {
            Py_DECREF(cells);
            Py_DECREF(state);
            return NULL;
        }
    }
    Py_DECREF(cells);
    return state;
}

/* ---- fold_body: the same loop straight from a commit's stored bytes -------
 *
 * A commit body written by runnerup is a JSON array of cells, each exactly
 *
 *     [position,"stream",version,"type",occurred_us,recorded_us,len(meta),len(data),meta,data,"hash"]
 *
 * compact, with meta and data embedded byte for byte and their lengths given.
 * fold_body parses that layout itself: it never builds an object for an event
 * the projection does not read, and it skips payloads by their length instead
 * of scanning them. The whole body is parsed (no object made) before the first
 * event is folded; anything not in that exact layout (a JSON escape in a name,
 * whitespace, an edited row) returns NotImplemented with nothing folded, and
 * the kernel decodes that commit with msgspec and uses fold() instead.
 */

typedef struct {
    long long position, version, occurred_us, recorded_us;
    const char *stream, *type, *meta, *data, *hash;
    Py_ssize_t stream_len, type_len, meta_len, data_len, hash_len;
} Cell;

static int
expect(const char **p, const char *end, char c)
{
    if (*p < end && **p == c) {
        (*p)++;
        return 0;
    }
    return -1;
}

/* Whether the 8 bytes at p are all ASCII digits, and their value (SWAR). */
static inline int
eight_digits(const char *p, uint64_t *value)
{
    uint64_t v;
    memcpy(&v, p, 8);
    const uint64_t high = 0xF0F0F0F0F0F0F0F0ULL;
    if (((v & high) | (((v + 0x0606060606060606ULL) & high) >> 4)) != 0x3333333333333333ULL) {
        return 0;
    }
    v = (v & 0x0F0F0F0F0F0F0F0FULL) * 2561 >> 8;
    v = (v & 0x00FF00FF00FF00FFULL) * 6553601 >> 16;
    *value = (v & 0x0000FFFF0000FFFFULL) * 42949672960001ULL >> 32;
    return 1;
}

static int
parse_int(const char **p, const char *end, long long *out)
{
    const char *q = *p;
    int negative = q < end && *q == '-';
    q += negative;
    const char *digits = q;
    unsigned long long value = 0;
    uint64_t eight;
    /* The 16-digit times eight digits at a time; the byte loop takes the rest. */
    while (end - q >= 8 && q - digits <= 10 && eight_digits(q, &eight)) {
        value = value * 100000000ULL + eight;
        q += 8;
    }
    while (q < end && *q >= '0' && *q <= '9' && q - digits < 18) {
        value = value * 10 + (unsigned long long)(*q - '0');
        q++;
    }
    if (q == digits || (q < end && *q >= '0' && *q <= '9') || (*digits == '0' && q - digits > 1)) {
        return -1; /* no digits, too long for this parser, or a leading zero */
    }
    *out = negative ? -(long long)value : (long long)value;
    *p = q;
    return 0;
}

/* A JSON string without escapes or control characters, in valid UTF-8. */
static int
parse_str(const char **p, const char *end, const char **s, Py_ssize_t *n)
{
    if (expect(p, end, '"') < 0) {
        return -1;
    }
    const char *q = *p;
    int ascii = 1;
    /* Eight bytes at a time while none is a quote, a backslash, a control
     * character or non-ASCII (exact tests: "has a zero byte" and "has a byte
     * under n" on the whole word); the byte loop below takes the rest. */
    const uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;
    while (end - q >= 8) {
        uint64_t x;
        memcpy(&x, q, 8);
        uint64_t quote = x ^ (ones * '"'), slash = x ^ (ones * '\\');
        uint64_t care = ((quote - ones) & ~quote) | ((slash - ones) & ~slash)
                        | ((x - ones * 0x20) & ~x) | x;
        if (care & high) {
            break;
        }
        q += 8;
    }
    while (q < end && *q != '"') {
        unsigned char c = (unsigned char)*q;
        if (c == '\\' || c < 0x20) {
            return -1;
        }
        ascii &= c < 0x80;
        q++;
    }
    if (q == end) {
        return -1;
    }
    if (!ascii) { /* rare (a stream name in another script): check it decodes */
        PyObject *text = PyUnicode_DecodeUTF8(*p, q - *p, NULL);
        if (text == NULL) {
            PyErr_Clear();
            return -1;
        }
        Py_DECREF(text);
    }
    *s = *p;
    *n = q - *p;
    *p = q + 1;
    return 0;
}

static int
parse_cell(const char **p, const char *end, Cell *c)
{
    long long meta_len, data_len;
    if (expect(p, end, '[') || parse_int(p, end, &c->position) || expect(p, end, ',')
        || parse_str(p, end, &c->stream, &c->stream_len) || expect(p, end, ',')
        || parse_int(p, end, &c->version) || expect(p, end, ',')
        || parse_str(p, end, &c->type, &c->type_len) || expect(p, end, ',')
        || parse_int(p, end, &c->occurred_us) || expect(p, end, ',')
        || parse_int(p, end, &c->recorded_us) || expect(p, end, ',')
        || parse_int(p, end, &meta_len) || expect(p, end, ',')
        || parse_int(p, end, &data_len) || expect(p, end, ',')) {
        return -1;
    }
    if (meta_len < 1 || data_len < 1 || meta_len > end - *p) {
        return -1;
    }
    c->meta = *p;
    c->meta_len = (Py_ssize_t)meta_len;
    *p += meta_len;
    if (expect(p, end, ',') || data_len > end - *p) {
        return -1;
    }
    c->data = *p;
    c->data_len = (Py_ssize_t)data_len;
    *p += data_len;
    if (expect(p, end, ',') || parse_str(p, end, &c->hash, &c->hash_len) || expect(p, end, ']')) {
        return -1;
    }
    for (Py_ssize_t k = 0; k < c->hash_len; k++) {
        if ((unsigned char)c->hash[k] >= 0x80) {
            return -1; /* a hash is hex: made an ASCII str without decoding */
        }
    }
    return 0;
}

/* The cells of a body, or -1 when it is not in the exact layout. */
static Py_ssize_t
parse_body(const char *p, const char *end, Cell **cells)
{
    Py_ssize_t count = 0, cap = 0;
    *cells = NULL;
    if (expect(&p, end, '[') < 0) {
        return -1;
    }
    if (p < end && *p == ']') {
        return p + 1 == end ? 0 : -1;
    }
    for (;;) {
        if (count == cap) {
            cap = cap ? cap * 2 : 1024;
            Cell *grown = PyMem_Realloc(*cells, (size_t)cap * sizeof(Cell));
            if (grown == NULL) {
                return -1;
            }
            *cells = grown;
        }
        if (parse_cell(&p, end, &(*cells)[count]) < 0) {
            return -1;
        }
        count++;
        if (p < end && *p == ',') {
            p++;
            continue;
        }
        return (p + 1 == end && *p == ']') ? count : -1;
    }
}

/* Type names seen in this body, with their decoder entries (or None). */
#define TYPE_CACHE 64
typedef struct {
    const char *name;
    Py_ssize_t len;
    PyObject *entry; /* borrowed from decoders; Py_None when the type is not read */
} TypeSlot;

static PyObject *
lookup_type(PyObject *decoders, TypeSlot *slots, int *used, const Cell *c)
{
    for (int k = 0; k < *used; k++) {
        if (slots[k].len == c->type_len && memcmp(slots[k].name, c->type, (size_t)c->type_len) == 0) {
            return slots[k].entry;
        }
    }
    PyObject *name = PyUnicode_DecodeUTF8(c->type, c->type_len, NULL);
    if (name == NULL) {
        return NULL;
    }
    PyObject *entry = PyDict_GetItemWithError(decoders, name);
    Py_DECREF(name);
    if (entry == NULL) {
        if (PyErr_Occurred()) {
            return NULL;
        }
        entry = Py_None;
    }
    else if (!PyTuple_Check(entry) || PyTuple_GET_SIZE(entry) != 2) {
        PyErr_SetString(PyExc_TypeError, "a decoder entry is (decode, current type)");
        return NULL;
    }
    if (*used < TYPE_CACHE) {
        slots[*used] = (TypeSlot){c->type, c->type_len, entry};
        (*used)++;
    }
    return entry;
}

/* Objects shared by neighbouring events of a body: most events of a write
 * share their stream and meta, a write shares its occurred time, and the
 * whole commit its recorded time. Owned references (or NULL). */
typedef struct {
    const Cell *stream_cell, *meta_cell;
    PyObject *stream, *meta, *occurred, *recorded;
    long long occurred_us, recorded_us;
} Reuse;

static void
reuse_clear(Reuse *r)
{
    Py_CLEAR(r->stream);
    Py_CLEAR(r->meta);
    Py_CLEAR(r->occurred);
    Py_CLEAR(r->recorded);
}

/* A new reference to the int ``value``, reusing *obj when it holds it already. */
static PyObject *
reuse_int(PyObject **obj, long long *held, long long value)
{
    if (*obj == NULL || *held != value) {
        PyObject *fresh = PyLong_FromLongLong(value);
        if (fresh == NULL) {
            return NULL;
        }
        Py_XSETREF(*obj, fresh);
        *held = value;
    }
    return Py_NewRef(*obj);
}

static int
reuse_fields(Reuse *r, const Cell *c)
{
    const Cell *ls = r->stream_cell;
    if (ls == NULL || ls->stream_len != c->stream_len
        || memcmp(ls->stream, c->stream, (size_t)c->stream_len) != 0) {
        PyObject *stream = PyUnicode_DecodeUTF8(c->stream, c->stream_len, NULL);
        if (stream == NULL) {
            return -1;
        }
        Py_XSETREF(r->stream, stream);
        r->stream_cell = c;
    }
    const Cell *lm = r->meta_cell;
    if (lm == NULL || lm->meta_len != c->meta_len
        || memcmp(lm->meta, c->meta, (size_t)c->meta_len) != 0) {
        PyObject *meta = PyBytes_FromStringAndSize(c->meta, c->meta_len);
        if (meta == NULL) {
            return -1;
        }
        Py_XSETREF(r->meta, meta);
        r->meta_cell = c;
    }
    return 0;
}

/* Fold one parsed cell whose type has a decoder entry; -1 on an error. */
static int
fold_parsed(const Fold *f, const Cell *c, PyObject *entry, PyObject **state, Reuse *r)
{
    PyObject *position = PyLong_FromLongLong(c->position);
    if (position == NULL) {
        return -1;
    }
    if (f->skipping) {
        int retracted = PySequence_Contains(f->skip, position);
        if (retracted != 0) {
            Py_DECREF(position);
            return retracted < 0 ? -1 : 0;
        }
    }
    PyObject *data = PyBytes_FromStringAndSize(c->data, c->data_len);
    if (data == NULL) {
        Py_DECREF(position);
        return -1;
    }
    PyObject *event = PyObject_Vectorcall(PyTuple_GET_ITEM(entry, 0), &data, 1, NULL);
    Py_DECREF(data);
    if (event == NULL) {
        Py_DECREF(position);
        if (PyErr_ExceptionMatches(PyExc_ValueError)) {
            PyErr_Clear(); /* kept in the log as an UnknownEvent; projections skip it */
            return 0;
        }
        return -1;
    }
    PyObject *version = NULL, *occurred = NULL, *recorded_us = NULL, *hash = NULL;
    int failed = -1;
    if (reuse_fields(r, c) == 0 && (version = PyLong_FromLongLong(c->version)) != NULL
        && (occurred = reuse_int(&r->occurred, &r->occurred_us, c->occurred_us)) != NULL
        && (recorded_us = reuse_int(&r->recorded, &r->recorded_us, c->recorded_us)) != NULL
        && (hash = PyUnicode_New(c->hash_len, 127)) != NULL) {
        memcpy(PyUnicode_DATA(hash), c->hash, (size_t)c->hash_len);
        PyObject *fields[9] = {
            position, r->stream, version, PyTuple_GET_ITEM(entry, 1), event,
            occurred, recorded_us, r->meta, hash,
        };
        failed = apply_envelope(f, fields, state);
    }
    Py_DECREF(position);
    Py_DECREF(event);
    Py_XDECREF(version);
    Py_XDECREF(occurred);
    Py_XDECREF(recorded_us);
    Py_XDECREF(hash);
    return failed;
}

static PyObject *
fold_body(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    Fold f;
    if (fold_args(args, nargs, "fold_body", &f) < 0) {
        return NULL;
    }
    Py_buffer view;
    if (PyObject_GetBuffer(args[0], &view, PyBUF_SIMPLE) < 0) {
        return NULL;
    }
    const char *start = view.buf;
    Cell *cells;
    Py_ssize_t count = parse_body(start, start + view.len, &cells);
    if (count < 0) {
        PyMem_Free(cells);
        PyBuffer_Release(&view);
        if (PyErr_Occurred()) {
            return NULL;
        }
        Py_RETURN_NOTIMPLEMENTED;
    }
    TypeSlot slots[TYPE_CACHE];
    int used = 0;
    PyObject *state = Py_NewRef(args[6]);
    Reuse reuse = {NULL, NULL, NULL, NULL, NULL, NULL, 0, 0};
    int failed = 0;
    for (Py_ssize_t i = 0; i < count && !failed; i++) {
        const Cell *c = &cells[i];
        PyObject *entry = lookup_type(f.decoders, slots, &used, c);
        if (entry == NULL) {
            failed = 1;
        }
        else if (entry != Py_None && c->position > f.after && c->position <= f.until) {
            failed = fold_parsed(&f, c, entry, &state, &reuse) < 0;
        }
    }
    reuse_clear(&reuse);
    PyMem_Free(cells);
    PyBuffer_Release(&view);
    if (failed) {
        Py_DECREF(state);
        return NULL;
    }
    return state;
}

/* -- The reminders' due check ------------------------------------------------
 *
 * due_check(fallback) -> a callable for a Struct's __post_init__: it returns
 * at once when the event's ``due`` is a canonical all-day date (ASCII
 * YYYY-MM-DD naming a real day, what every stored all-day reminder holds)
 * and otherwise calls fallback(event), the Python check that parses,
 * normalises or refuses. msgspec calls __post_init__ on every decode, so
 * this is paid per reminder on every replay: a C call instead of a Python
 * frame and a date parse.
 */

static PyObject *due_name;

static int
canonical_day(PyObject *text)
{
    if (!PyUnicode_CheckExact(text) || !PyUnicode_IS_ASCII(text) ||
        PyUnicode_GET_LENGTH(text) != 10) {
        return 0;
    }
    const Py_UCS1 *s = PyUnicode_1BYTE_DATA(text);
    static const int digits[8] = {0, 1, 2, 3, 5, 6, 8, 9};
    for (int i = 0; i < 8; i++) {
        if (s[digits[i]] < '0' || s[digits[i]] > '9') {
            return 0;
        }
    }
    if (s[4] != '-' || s[7] != '-') {
        return 0;
    }
    int year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int month = (s[5] - '0') * 10 + (s[6] - '0');
    int day = (s[8] - '0') * 10 + (s[9] - '0');
    static const int days[13] = {0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (year < 1 || month < 1 || month > 12 || day < 1) {
        return 0;
    }
    int leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    return day <= days[month] + (month == 2 && leap);
}

static PyObject *
due_check_call(PyObject *fallback, PyObject *event)
{
    PyObject *due = PyObject_GetAttr(event, due_name);
    if (due == NULL) {
        return NULL;
    }
    int canonical = canonical_day(due);
    Py_DECREF(due);
    if (canonical) {
        Py_RETURN_NONE;
    }
    return PyObject_CallOneArg(fallback, event);
}

static PyMethodDef due_check_def = {
    "due_check", (PyCFunction)due_check_call, METH_O,
    "Return at once for a canonical all-day due; otherwise call the fallback check."};

static PyObject *
due_check(PyObject *module, PyObject *fallback)
{
    if (!PyCallable_Check(fallback)) {
        PyErr_SetString(PyExc_TypeError, "due_check(fallback): fallback must be callable");
        return NULL;
    }
    return PyCFunction_New(&due_check_def, fallback);
}

static PyMethodDef methods[] = {
    {"due_check", (PyCFunction)due_check, METH_O,
     "due_check(fallback) -> a __post_init__ that passes a canonical all-day ``due`` and "
     "calls fallback(event) for anything else."},
    {"fold_body", (PyCFunction)(void (*)(void))fold_body, METH_FASTCALL,
     "fold_body(body, decoders, after, until, skip, apply, state, envelope) -> state, or "
     "NotImplemented when the body is not in the exact stored layout (nothing folded)."},
    {"fold", (PyCFunction)(void (*)(void))fold, METH_FASTCALL,
     "fold(cells, decoders, after, until, skip, apply, state, envelope) -> state: the replay "
     "loop over one commit's cells."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT,
    "runnerup._replay",
    "The kernel's replay loop in C (optional; see runnerup.kernel).",
    -1,
    methods,
};

PyMODINIT_FUNC
PyInit__replay(void)
{
    due_name = PyUnicode_InternFromString("due");
    if (due_name == NULL) {
        return NULL;
    }
    return PyModule_Create(&module);
}
