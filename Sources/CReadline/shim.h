#ifndef REHOOK_CREADLINE_SHIM_H
#define REHOOK_CREADLINE_SHIM_H
#include <stdio.h>
#include <readline/readline.h>
#include <readline/history.h>

/* Swift 6 rejects reading readline's mutable C globals directly; these accessors are
   the only way the REPL touches them. */
static inline int rehook_history_length(void) { return history_length; }
static inline int rehook_history_base(void) { return history_base; }
static inline const char *rehook_rl_line_buffer(void) { return rl_line_buffer; }
static inline int rehook_rl_point(void) { return rl_point; }
static inline void rehook_set_attempted_completion_function(rl_completion_func_t *f) {
    rl_attempted_completion_function = f;
}
static inline void rehook_set_completion_append_character(int c) { rl_completion_append_character = c; }
static inline void rehook_set_attempted_completion_over(int v) { rl_attempted_completion_over = v; }
static inline void rehook_set_basic_word_break_characters(const char *s) {
    rl_basic_word_break_characters = (char *)s;
}
static inline void rehook_set_readline_name(const char *s) { rl_readline_name = s; }
static inline void rehook_set_catch_signals(int v) { rl_catch_signals = v; }
static inline void rehook_set_completion_suppress_append(int v) { rl_completion_suppress_append = v; }
static inline void rehook_set_streams(FILE *in, FILE *out) {
    rl_instream = in;
    rl_outstream = out;
}
static inline void rehook_set_completer_word_break_characters(const char *s) {
    rl_completer_word_break_characters = s;
}
#endif
