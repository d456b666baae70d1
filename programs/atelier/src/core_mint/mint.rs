//! Minting an accepted image: splitter + Core asset, paid from the job's mint deposit.
use super::{attributes, CreateAsset};
use crate::{
    constants::*,
    error::AtelierError,
    math,
    state::{Provenance, RoyaltyEnforcement, RoyaltySplitter},
    utils,
};
use anchor_lang::{prelude::*, system_program};

/// The accounts a settlement mint touches.
pub struct MintAccounts<'a, 'info> {
    pub core_program: &'a AccountInfo<'info>,
    pub system_program: &'a Program<'info, System>,
    /// The job escrow (program-owned): funds the mint payer and gets the unspent deposit back.
    pub job: &'a AccountInfo<'info>,
    pub mint_payer: &'a AccountInfo<'info>,
    pub asset: &'a AccountInfo<'info>,
    pub splitter: &'a AccountInfo<'info>,
    pub collection: &'a AccountInfo<'info>,
    pub collection_authority: &'a AccountInfo<'info>,
    /// The client: the asset's owner.
    pub owner: &'a AccountInfo<'info>,
    /// The treasury: Royalties creator of images that name no artist.
    pub treasury: &'a AccountInfo<'info>,
}

/// Bumps and settings of one mint.
pub struct MintSettings {
    pub mint_deposit: u64,
    pub royalty_bps: u16,
    pub enforcement: RoyaltyEnforcement,
    pub asset_bump: u8,
    pub splitter_bump: u8,
    pub mint_payer_bump: u8,
    pub collection_authority_bump: u8,
}

/// What a mint did, for the event and the provenance record.
pub struct Minted {
    pub royalty_recipient: Pubkey,
    /// The asset's royalty rate: `royalty_bps` scaled to the image's attributed share (all of
    /// it when the image names no artist and the royalty goes to the treasury).
    pub royalty_bps: u16,
    pub splitter: Option<Pubkey>,
    /// Lamports taken from the deposit (asset rent + Core's fee + splitter rent).
    pub cost: u64,
    /// Lamports of the deposit returned to the job (then to the client).
    pub returned: u64,
    /// Lamports found at the asset address before the mint, moved to the job (then the client).
    pub prefunded: u64,
}

/// Creates the splitter (when the image names artists) and mints the Core asset to the client.
/// The mint payer PDA is funded with the deposit, pays all rent, and returns the rest to the job
/// in the same instruction; it never keeps lamports of its own.
#[inline(never)]
pub fn mint_for_job(
    a: &MintAccounts,
    s: &MintSettings,
    provenance: &Provenance,
    provenance_key: &Pubkey,
) -> Result<Minted> {
    let payer_seeds: &[&[u8]] = &[MINT_PAYER_SEED, &[s.mint_payer_bump]];
    let asset_seeds: &[&[u8]] = &[
        ASSET_SEED,
        provenance.content_hash.as_ref(),
        &[s.asset_bump],
    ];
    let authority_seeds: &[&[u8]] = &[COLLECTION_AUTHORITY_SEED, &[s.collection_authority_bump]];
    let system = a.system_program.to_account_info();

    let payer_before = a.mint_payer.lamports();
    utils::pay_out(a.job, a.mint_payer, s.mint_deposit)?;
    // A CPI copies to the runtime only the balances of the accounts it names, and the runtime
    // refuses a CPI while the caller's own accounts look unbalanced. A 0-lamport transfer that
    // names both sides of the move above lets the runtime see both new balances at once.
    transfer_signed(a.mint_payer, a.job, &system, payer_seeds, 0)?;
    let prefunded = super::drain_prefunded(a.asset, a.job, &system, asset_seeds)?;

    let (royalty_recipient, splitter) = if provenance.influences.is_empty() {
        (a.treasury.key(), None)
    } else {
        let asset_key = a.asset.key();
        let splitter_seeds: &[&[u8]] = &[SPLITTER_SEED, asset_key.as_ref(), &[s.splitter_bump]];
        utils::create_pda_paid_by_pda(
            a.mint_payer,
            payer_seeds,
            a.splitter,
            a.system_program,
            RoyaltySplitter::space(provenance.influences.len()),
            splitter_seeds,
            AtelierError::SplitterMismatch,
        )?;
        let record = RoyaltySplitter::new(s.splitter_bump, asset_key, &provenance.influences);
        record.try_serialize(&mut &mut a.splitter.try_borrow_mut_data()?[..])?;
        record.invariant(a.splitter)?;
        (a.splitter.key(), Some(a.splitter.key()))
    };

    let royalty_bps = if provenance.influences.is_empty() {
        s.royalty_bps
    } else {
        let attributed = crate::state::attributed_bps(&provenance.influences);
        math::bps_of(s.royalty_bps as u64, attributed)? as u16
    };
    let royalties = super::royalties(royalty_bps, royalty_recipient, s.enforcement)?;
    super::create_asset(
        CreateAsset {
            core_program: a.core_program,
            asset: a.asset,
            collection: a.collection,
            collection_authority: a.collection_authority,
            payer: a.mint_payer,
            owner: a.owner,
            system_program: &system,
            name: attributes::asset_name(&provenance.content_hash),
            uri: provenance.metadata_uri.clone(),
            attributes: attributes::provenance_attributes(provenance, provenance_key),
            royalties,
        },
        &[asset_seeds, authority_seeds, payer_seeds],
    )?;

    // The deposit is the payer's only income in this instruction; return what is left of it.
    let left = math::sub(a.mint_payer.lamports(), payer_before)
        .map_err(|_| error!(AtelierError::MintDepositTooSmall))?;
    if left > 0 {
        transfer_signed(a.mint_payer, a.job, &system, payer_seeds, left)?;
    }
    Ok(Minted {
        royalty_recipient,
        royalty_bps,
        splitter,
        cost: math::sub(s.mint_deposit, left)?,
        returned: left,
        prefunded,
    })
}

/// A system transfer out of the mint payer PDA, signed with its seeds.
fn transfer_signed<'info>(
    from: &AccountInfo<'info>,
    to: &AccountInfo<'info>,
    system: &AccountInfo<'info>,
    seeds: &[&[u8]],
    lamports: u64,
) -> Result<()> {
    system_program::transfer(
        CpiContext::new_with_signer(
            system.clone(),
            system_program::Transfer {
                from: from.clone(),
                to: to.clone(),
            },
            &[seeds],
        ),
        lamports,
    )
}
