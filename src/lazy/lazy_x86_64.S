/*
 * lazy_x86_64.S - where a stub jumps until its library is loaded
 * (lazy_load.c). The stub put its slot in %r11 (not an argument
 * register); the arguments, %al (the vector registers a variadic call
 * uses) and the vector arguments are kept while nl_lazy__resolve loads
 * the library, then the real function is entered as if called directly:
 * same stack, same return address.
 */
	.text
	.globl	nl_lazy__first_call
	.hidden	nl_lazy__first_call
	.type	nl_lazy__first_call, @function
	.p2align 4
nl_lazy__first_call:
	pushq	%rbp
	movq	%rsp, %rbp
	subq	$192, %rsp	/* 16-aligned: the call's return address + %rbp */
	movq	%rdi, 0(%rsp)
	movq	%rsi, 8(%rsp)
	movq	%rdx, 16(%rsp)
	movq	%rcx, 24(%rsp)
	movq	%r8, 32(%rsp)
	movq	%r9, 40(%rsp)
	movq	%rax, 48(%rsp)
	movaps	%xmm0, 64(%rsp)
	movaps	%xmm1, 80(%rsp)
	movaps	%xmm2, 96(%rsp)
	movaps	%xmm3, 112(%rsp)
	movaps	%xmm4, 128(%rsp)
	movaps	%xmm5, 144(%rsp)
	movaps	%xmm6, 160(%rsp)
	movaps	%xmm7, 176(%rsp)
	movl	%r11d, %edi
	call	nl_lazy__resolve
	movq	%rax, %r11
	movq	0(%rsp), %rdi
	movq	8(%rsp), %rsi
	movq	16(%rsp), %rdx
	movq	24(%rsp), %rcx
	movq	32(%rsp), %r8
	movq	40(%rsp), %r9
	movq	48(%rsp), %rax
	movaps	64(%rsp), %xmm0
	movaps	80(%rsp), %xmm1
	movaps	96(%rsp), %xmm2
	movaps	112(%rsp), %xmm3
	movaps	128(%rsp), %xmm4
	movaps	144(%rsp), %xmm5
	movaps	160(%rsp), %xmm6
	movaps	176(%rsp), %xmm7
	leave
	jmp	*%r11
	.size	nl_lazy__first_call, .-nl_lazy__first_call

	.section .note.GNU-stack,"",@progbits
