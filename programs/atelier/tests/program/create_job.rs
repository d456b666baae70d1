//! Tests of `create_job`.

use super::{fixtures::*, harness::*};
use anchor_lang::{
    error::ErrorCode,
    prelude::Pubkey,
    solana_program::{hash::hash, instruction::Instruction},
};
use atelier::{
    accounts, constants::*, error::AtelierError, events::JobCreated, instruction,
    instructions::CreateJobArgs, state::*,
};
use solana_sdk::signature::{Keypair, Signer};
use solana_sdk_ids::system_program;

const DAY: i64 = 86_400;

fn inline(text: &str) -> PromptInput {
    PromptInput::Inline {
        text: text.to_string(),
    }
}

/// A client wallet and valid arguments for job 7, paying 1 SOL, deadline a day out.
async fn client_and_args(env: &mut Env) -> (Keypair, CreateJobArgs) {
    let client = env.wallet(10 * SOL).await;
    let args = job_args(7, SOL, T0 + DAY);
    (client, args)
}

async fn create(env: &mut Env, client: &Keypair, args: CreateJobArgs) -> TxResult {
    env.send(&[ix_create_job(&client.pubkey(), args)], &[client])
        .await
}

/// Creates the job with a changed argument and asserts it fails with `expected`, leaving no job.
async fn refused(change: impl FnOnce(&mut CreateJobArgs), expected: AtelierError) {
    let mut env = setup().await;
    let (client, mut args) = client_and_args(&mut env).await;
    change(&mut args);
    let job = job_pda(&client.pubkey(), args.job_id);
    assert_err(create(&mut env, &client, args).await, expected);
    assert!(!env.exists(&job).await);
}

/// Creates the job with a changed argument and asserts it succeeds.
async fn accepted(change: impl FnOnce(&mut CreateJobArgs)) -> Job {
    let mut env = setup().await;
    let (client, mut args) = client_and_args(&mut env).await;
    change(&mut args);
    let job = job_pda(&client.pubkey(), args.job_id);
    create(&mut env, &client, args).await.unwrap();
    env.fetch(&job).await
}

#[tokio::test]
async fn create_job_escrows_payment_and_records_the_inline_prompt() {
    let mut env = setup().await;
    let (client, args) = client_and_args(&mut env).await;
    let job = job_pda(&client.pubkey(), 7);
    let before = env.balance(&client.pubkey()).await;
    let rent = env.rent(Job::SPACE).await;

    let logs = create(&mut env, &client, args.clone()).await.unwrap();

    // The client paid the payment, the job's rent and one signature; the job holds them with the mint deposit.
    assert_eq!(env.balance(&job).await, rent + SOL + DEPOSIT);
    assert_eq!(
        before - env.balance(&client.pubkey()).await,
        SOL + rent + DEPOSIT + fees(1)
    );
    let text = "a lighthouse at dusk, oil on canvas";
    let state: Job = env.fetch(&job).await;
    assert_eq!(state.version, 1);
    assert_eq!(state.job_id, 7);
    assert_eq!(state.client, client.pubkey());
    assert_eq!(state.status, JobStatus::Open);
    assert_eq!(state.model_id, "sd-turbo-onnx@1");
    assert_eq!(state.prompt, text);
    assert_eq!(state.prompt_uri, "");
    assert_eq!(state.prompt_hash, hash(text.as_bytes()).to_bytes());
    assert_eq!(state.params, gen_params());
    assert_eq!(state.payment, SOL);
    assert_eq!(state.created_at, T0);
    assert_eq!(state.deadline, T0 + DAY);
    assert_eq!(state.worker, None);
    assert_eq!((state.claims, state.claim_deadline), (0, 0));
    assert!(state.attestations.is_empty());

    let events = events::<JobCreated>(&logs);
    assert_eq!(events.len(), 1);
    let e = &events[0];
    assert_eq!((e.job, e.client, e.job_id), (job, client.pubkey(), 7));
    assert_eq!(e.model_id, "sd-turbo-onnx@1");
    assert_eq!(e.prompt_hash, hash(text.as_bytes()).to_bytes());
    assert_eq!(e.params, gen_params());
    assert_eq!((e.payment, e.deadline), (SOL, T0 + DAY));
}

#[tokio::test]
async fn create_job_records_an_offchain_prompt_as_hash_and_uri() {
    let state = accepted(|a| {
        a.prompt = PromptInput::Offchain {
            hash: [9; 32],
            uri: "ar://prompt".to_string(),
        }
    })
    .await;
    assert_eq!(state.prompt, "");
    assert_eq!(state.prompt_uri, "ar://prompt");
    assert_eq!(state.prompt_hash, [9; 32]);
}

#[tokio::test]
async fn create_job_accepts_a_payment_of_one_lamport() {
    let mut env = setup().await;
    let (client, mut args) = client_and_args(&mut env).await;
    args.payment = 1;
    let job = job_pda(&client.pubkey(), args.job_id);
    create(&mut env, &client, args).await.unwrap();
    let rent = env.rent(Job::SPACE).await;
    assert_eq!(env.balance(&job).await, rent + 1 + DEPOSIT);
    assert_eq!(env.fetch::<Job>(&job).await.payment, 1);
}

#[tokio::test]
async fn create_job_escrows_a_huge_payment_exactly() {
    let mut env = setup().await;
    let payment = 100_000 * SOL;
    let client = env.wallet(payment + SOL).await;
    let job = job_pda(&client.pubkey(), 1);
    let before = env.balance(&client.pubkey()).await;
    create(&mut env, &client, job_args(1, payment, T0 + DAY))
        .await
        .unwrap();
    let rent = env.rent(Job::SPACE).await;
    assert_eq!(env.balance(&job).await, rent + payment + DEPOSIT);
    assert_eq!(
        before - env.balance(&client.pubkey()).await,
        payment + rent + DEPOSIT + fees(1)
    );
}

#[tokio::test]
async fn create_job_with_more_than_the_client_holds_fails_and_moves_nothing() {
    let mut env = setup().await;
    let (client, mut args) = client_and_args(&mut env).await;
    args.payment = u64::MAX - DEPOSIT;
    let job = job_pda(&client.pubkey(), args.job_id);
    let before = env.balance(&client.pubkey()).await;
    // The system program refuses the transfer (ResultWithNegativeLamports = 1).
    assert_custom_code(create(&mut env, &client, args).await, 1);
    assert!(!env.exists(&job).await);
    assert_eq!(before - env.balance(&client.pubkey()).await, fees(1));
}

#[tokio::test]
async fn create_job_refuses_a_payment_that_overflows_with_the_mint_deposit() {
    let mut env = setup().await;
    let (client, mut args) = client_and_args(&mut env).await;
    args.payment = u64::MAX - DEPOSIT + 1;
    let job = job_pda(&client.pubkey(), args.job_id);
    assert_err(
        create(&mut env, &client, args).await,
        AtelierError::MathOverflow,
    );
    assert!(!env.exists(&job).await);
}

#[tokio::test]
async fn create_job_records_the_mint_deposit_of_the_config_at_creation() {
    let mut env = setup().await;
    env.change_params(|p| p.mint_deposit = 3 * DEPOSIT).await;
    let (client, args) = client_and_args(&mut env).await;
    let job = job_pda(&client.pubkey(), args.job_id);
    let logs = create(&mut env, &client, args).await.unwrap();
    assert_eq!(env.fetch::<Job>(&job).await.mint_deposit, 3 * DEPOSIT);
    assert_eq!(events::<JobCreated>(&logs)[0].mint_deposit, 3 * DEPOSIT);
    let rent = env.rent(Job::SPACE).await;
    assert_eq!(env.balance(&job).await, rent + SOL + 3 * DEPOSIT);
}

#[tokio::test]
async fn create_job_refuses_a_zero_payment() {
    refused(|a| a.payment = 0, AtelierError::ZeroPayment).await;
}

#[tokio::test]
async fn create_job_refuses_an_empty_prompt() {
    refused(|a| a.prompt = inline(""), AtelierError::EmptyPrompt).await;
}

#[tokio::test]
async fn create_job_refuses_a_whitespace_only_prompt() {
    refused(|a| a.prompt = inline(" \n\t "), AtelierError::EmptyPrompt).await;
}

#[tokio::test]
async fn create_job_accepts_a_prompt_of_exactly_512_bytes() {
    let text = "x".repeat(MAX_PROMPT_LEN as usize);
    let state = accepted(|a| a.prompt = inline(&text)).await;
    assert_eq!(state.prompt.len(), 512);
    assert_eq!(state.prompt_hash, hash(text.as_bytes()).to_bytes());
}

#[tokio::test]
async fn create_job_refuses_a_prompt_of_513_bytes() {
    let text = "x".repeat(MAX_PROMPT_LEN as usize + 1);
    refused(|a| a.prompt = inline(&text), AtelierError::PromptTooLong).await;
}

#[tokio::test]
async fn create_job_counts_prompt_length_in_bytes_not_characters() {
    // 171 three-byte characters = 513 bytes.
    let text = "€".repeat(171);
    refused(|a| a.prompt = inline(&text), AtelierError::PromptTooLong).await;
}

#[tokio::test]
async fn create_job_refuses_an_all_zero_offchain_prompt_hash() {
    refused(
        |a| {
            a.prompt = PromptInput::Offchain {
                hash: [0; 32],
                uri: "ar://prompt".to_string(),
            }
        },
        AtelierError::InvalidPromptHash,
    )
    .await;
}

#[tokio::test]
async fn create_job_refuses_an_empty_offchain_prompt_uri() {
    refused(
        |a| {
            a.prompt = PromptInput::Offchain {
                hash: [1; 32],
                uri: String::new(),
            }
        },
        AtelierError::InvalidUri,
    )
    .await;
}

#[tokio::test]
async fn create_job_accepts_a_200_byte_uri_and_refuses_201() {
    let ok = "u".repeat(MAX_URI_LEN as usize);
    let state = accepted(|a| {
        a.prompt = PromptInput::Offchain {
            hash: [1; 32],
            uri: ok.clone(),
        }
    })
    .await;
    assert_eq!(state.prompt_uri, ok);
    let long = "u".repeat(MAX_URI_LEN as usize + 1);
    refused(
        |a| {
            a.prompt = PromptInput::Offchain {
                hash: [1; 32],
                uri: long,
            }
        },
        AtelierError::InvalidUri,
    )
    .await;
}

#[tokio::test]
async fn create_job_refuses_an_empty_model_id() {
    refused(|a| a.model_id = String::new(), AtelierError::InvalidModelId).await;
}

#[tokio::test]
async fn create_job_accepts_a_64_byte_model_id_and_refuses_65() {
    let ok = "m".repeat(MAX_MODEL_ID_LEN as usize);
    assert_eq!(accepted(|a| a.model_id = ok.clone()).await.model_id, ok);
    let long = "m".repeat(MAX_MODEL_ID_LEN as usize + 1);
    refused(|a| a.model_id = long, AtelierError::InvalidModelId).await;
}

#[tokio::test]
async fn create_job_refuses_zero_steps() {
    refused(|a| a.params.steps = 0, AtelierError::InvalidSteps).await;
}

#[tokio::test]
async fn create_job_accepts_1_and_150_steps_and_refuses_151() {
    assert_eq!(accepted(|a| a.params.steps = 1).await.params.steps, 1);
    assert_eq!(accepted(|a| a.params.steps = 150).await.params.steps, 150);
    refused(|a| a.params.steps = 151, AtelierError::InvalidSteps).await;
}

#[tokio::test]
async fn create_job_accepts_image_sides_of_64_and_2048() {
    let state = accepted(|a| {
        a.params.width = 64;
        a.params.height = 2048;
    })
    .await;
    assert_eq!((state.params.width, state.params.height), (64, 2048));
}

#[tokio::test]
async fn create_job_refuses_an_image_width_below_64() {
    refused(|a| a.params.width = 56, AtelierError::InvalidImageSize).await;
}

#[tokio::test]
async fn create_job_refuses_an_image_height_above_2048() {
    refused(|a| a.params.height = 2056, AtelierError::InvalidImageSize).await;
}

#[tokio::test]
async fn create_job_refuses_an_image_side_that_is_not_a_multiple_of_8() {
    refused(|a| a.params.width = 516, AtelierError::InvalidImageSize).await;
}

#[tokio::test]
async fn create_job_accepts_guidance_3000_and_refuses_3001() {
    let state = accepted(|a| a.params.guidance_x100 = MAX_GUIDANCE_X100).await;
    assert_eq!(state.params.guidance_x100, 3_000);
    refused(
        |a| a.params.guidance_x100 = MAX_GUIDANCE_X100 + 1,
        AtelierError::InvalidGuidance,
    )
    .await;
}

#[tokio::test]
async fn create_job_refuses_a_deadline_equal_to_now() {
    refused(|a| a.deadline = T0, AtelierError::DeadlineInPast).await;
}

#[tokio::test]
async fn create_job_refuses_a_deadline_in_the_past() {
    refused(|a| a.deadline = T0 - 1, AtelierError::DeadlineInPast).await;
}

#[tokio::test]
async fn create_job_accepts_a_deadline_one_second_ahead() {
    assert_eq!(accepted(|a| a.deadline = T0 + 1).await.deadline, T0 + 1);
}

#[tokio::test]
async fn create_job_is_refused_while_paused() {
    let mut env = setup().await;
    env.pause_protocol().await;
    let (client, args) = client_and_args(&mut env).await;
    let job = job_pda(&client.pubkey(), args.job_id);
    let before = env.balance(&client.pubkey()).await;
    assert_err(
        create(&mut env, &client, args).await,
        AtelierError::ProtocolPaused,
    );
    assert!(!env.exists(&job).await);
    assert_eq!(before - env.balance(&client.pubkey()).await, fees(1));
}

#[tokio::test]
async fn create_job_refuses_a_job_id_the_client_already_uses() {
    let mut env = setup().await;
    let (client, args) = client_and_args(&mut env).await;
    let job = job_pda(&client.pubkey(), args.job_id);
    create(&mut env, &client, args.clone()).await.unwrap();
    let escrow = env.balance(&job).await;

    let mut again = args;
    again.payment = 5 * SOL;
    // The system program refuses to allocate an account in use (AccountAlreadyInUse = 0).
    assert_custom_code(create(&mut env, &client, again).await, 0);
    assert_eq!(env.balance(&job).await, escrow);
    assert_eq!(env.fetch::<Job>(&job).await.payment, SOL);
}

#[tokio::test]
async fn create_job_lets_two_clients_use_the_same_job_id() {
    let mut env = setup().await;
    let (a, args) = client_and_args(&mut env).await;
    let b = env.wallet(10 * SOL).await;
    create(&mut env, &a, args.clone()).await.unwrap();
    create(&mut env, &b, args).await.unwrap();
    assert_eq!(
        env.fetch::<Job>(&job_pda(&a.pubkey(), 7)).await.client,
        a.pubkey()
    );
    assert_eq!(
        env.fetch::<Job>(&job_pda(&b.pubkey(), 7)).await.client,
        b.pubkey()
    );
}

fn forged_create(client: &Pubkey, job: Pubkey, args: CreateJobArgs) -> Instruction {
    build(
        accounts::CreateJob {
            client: *client,
            config: config_pda(),
            job,
            system_program: system_program::ID,
        },
        instruction::CreateJob { args },
        vec![],
    )
}

#[tokio::test]
async fn create_job_refuses_a_job_address_for_another_job_id() {
    let mut env = setup().await;
    let (client, args) = client_and_args(&mut env).await;
    let wrong = job_pda(&client.pubkey(), 8);
    let ix = forged_create(&client.pubkey(), wrong, args);
    assert_anchor_err(
        env.send(&[ix], &[&client]).await,
        ErrorCode::ConstraintSeeds,
    );
    assert!(!env.exists(&wrong).await);
}

#[tokio::test]
async fn create_job_refuses_a_job_address_of_another_client() {
    let mut env = setup().await;
    let (client, args) = client_and_args(&mut env).await;
    let other = Pubkey::new_unique();
    let wrong = job_pda(&other, args.job_id);
    let ix = forged_create(&client.pubkey(), wrong, args);
    assert_anchor_err(
        env.send(&[ix], &[&client]).await,
        ErrorCode::ConstraintSeeds,
    );
    assert!(!env.exists(&wrong).await);
}

#[tokio::test]
async fn create_job_refuses_another_account_type_in_place_of_the_config() {
    let mut env = setup().await;
    let (client, args) = client_and_args(&mut env).await;
    // A program-owned account of another type where the config should be.
    let worker = env.register_worker(2 * SOL).await;
    let mut ix = ix_create_job(&client.pubkey(), args);
    ix.accounts[1].pubkey = worker_pda(&worker.pubkey());
    assert_anchor_err(
        env.send(&[ix], &[&client]).await,
        ErrorCode::AccountDiscriminatorMismatch,
    );
}

#[tokio::test]
async fn create_job_without_the_client_signature_is_refused() {
    let mut env = setup().await;
    let (client, args) = client_and_args(&mut env).await;
    let payer = env.wallet(SOL).await;
    let mut ix = ix_create_job(&client.pubkey(), args);
    ix.accounts[0].is_signer = false;
    assert_anchor_err(
        env.send(&[ix], &[&payer]).await,
        ErrorCode::AccountNotSigner,
    );
    assert!(!env.exists(&job_pda(&client.pubkey(), 7)).await);
}

#[tokio::test]
async fn create_job_at_a_prefunded_job_address_still_works_and_charges_only_the_rent_top_up() {
    let mut env = setup().await;
    let (client, args) = client_and_args(&mut env).await;
    let job = job_pda(&client.pubkey(), args.job_id);
    // Someone sends lamports to the future job address first.
    let prefund = env.rent(0).await;
    let payer = env.ctx.payer.insecure_clone();
    let ix = solana_sdk::system_instruction::transfer(&payer.pubkey(), &job, prefund);
    env.send(&[ix], &[&payer]).await.unwrap();
    let rent = env.rent(Job::SPACE).await;
    let before = env.balance(&client.pubkey()).await;

    create(&mut env, &client, args).await.unwrap();

    assert_eq!(env.balance(&job).await, rent + SOL + DEPOSIT);
    assert_eq!(
        before - env.balance(&client.pubkey()).await,
        SOL + rent + DEPOSIT - prefund + fees(1)
    );
    assert_eq!(env.fetch::<Job>(&job).await.client, client.pubkey());
}
